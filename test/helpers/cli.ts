import { execFile } from "node:child_process";
import path from "node:path";

const MAIN = path.resolve(__dirname, "../../dist/cli/main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `smile-links` command line. */
export function smileLinks(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const spawned = { env, cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 };
    execFile(process.execPath, [MAIN, ...args], spawned, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
