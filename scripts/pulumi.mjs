// `npm run pulumi -- ARGS`: runs the project's Pulumi CLI (see ensure-pulumi.mjs) with ARGS,
// inheriting stdio and passing on its exit code.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { ensurePulumi, pulumiEnv } from "./ensure-pulumi.mjs";

/**
 * Runs the CLI with `args` and resolves with the exit code to use.
 *
 * @param {string[]} args
 * @returns {Promise<number>}
 */
async function main(args) {
  const pulumi = await ensurePulumi();
  const child = spawn(pulumi, args, { stdio: "inherit", env: pulumiEnv() });
  // Ctrl-C already reaches the CLI through the terminal's process group, and a second SIGINT
  // would make it cancel hard: let the CLI decide how to stop. A SIGTERM sent to this process
  // alone is passed on.
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`pulumi: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
