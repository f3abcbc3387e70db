// Runs the Pulumi CLI as a child process: in the foreground with the terminal (`npm run pulumi`,
// `npm run up`), or for its output.
import { execFile, spawn } from "node:child_process";
import { constants } from "node:os";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string | undefined>} env
 * @property {string} [cwd]
 */

/**
 * Runs `binary args` with this process's stdio and resolves with its exit code (128 + the signal
 * number when a signal stopped it).
 *
 * @param {string} binary
 * @param {string[]} args
 * @param {RunOptions} options
 * @returns {Promise<number>}
 */
export function runPulumi(binary, args, { env, cwd }) {
  const child = spawn(binary, args, { stdio: "inherit", env, cwd });
  // Ctrl-C already reaches the CLI through the terminal's process group, and a second SIGINT
  // would make it cancel hard: let the CLI decide how to stop, and wait for it. A SIGTERM sent
  // to this process alone is passed on.
  const ignore = () => {};
  const forward = () => child.kill("SIGTERM");
  process.on("SIGINT", ignore);
  process.on("SIGTERM", forward);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/**
 * Runs `binary args` and resolves with what it prints; a failure throws with the CLI's own
 * message.
 *
 * @param {string} binary
 * @param {string[]} args
 * @param {RunOptions} options
 * @returns {Promise<string>}
 */
export async function pulumiOutput(binary, args, { env, cwd }) {
  try {
    const { stdout } = await execFileAsync(binary, args, { env, cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = /** @type {{ stderr?: string }} */ (error).stderr?.trim();
    throw new Error(`pulumi ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`, {
      cause: error,
    });
  }
}
