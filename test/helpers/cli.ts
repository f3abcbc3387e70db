import { execFile } from "node:child_process";
import path from "node:path";
import { main } from "../../provider/cli/main";

const MAIN = path.resolve(__dirname, "../../dist/cli/main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `smile-links` in this process, from the sources: what it writes and the exit code it
 * returns, with `env` and `cwd` as its environment and directory. Most tests use it; the ones
 * about the installed command's process (exit status, streams, signals) use `smileLinksBinary`.
 */
export async function smileLinks(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

/** Runs the built `smile-links` command line (dist/) as its own process. */
export function smileLinksBinary(
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
