// `npm run pulumi -- ARGS`: runs the project's Pulumi CLI (see ensure-pulumi.mjs) with ARGS,
// inheriting stdio and passing on its exit code.
import { ensurePulumi, pulumiEnv } from "./ensure-pulumi.mjs";
import { runPulumi } from "./run-pulumi.mjs";

ensurePulumi()
  .then((binary) => runPulumi(binary, process.argv.slice(2), { env: pulumiEnv() }))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`pulumi: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
