// `npm run pulumi -- ARGS`: runs the project's Pulumi CLI (see ensure-pulumi.mjs) with ARGS,
// inheriting stdio and passing on its exit code. With `--policy-pack`, and the Node.js language
// host this project builds (which cannot start a policy pack), the code-generation host, which
// can, goes first on PATH: it is built then, and only then (codegen-host.mjs).
import path from "node:path";
import { ensureCodegenHost } from "./codegen-host.mjs";
import { cacheDir, ensurePulumi, languageHostDir, pulumiEnv } from "./ensure-pulumi.mjs";
import { runPulumi } from "./run-pulumi.mjs";

const args = process.argv.slice(2);
const runsPolicyPack = args.some(
  (arg) => arg === "--policy-pack" || arg.startsWith("--policy-pack="),
);

/**
 * @param {string} binary
 * @returns {Promise<Record<string, string | undefined>>}
 */
async function envFor(binary) {
  const env = pulumiEnv();
  const ourHosts = languageHostDir(binary).startsWith(path.dirname(path.dirname(cacheDir("x"))));
  if (runsPolicyPack && ourHosts) {
    env.PATH = [await ensureCodegenHost(), env.PATH].join(path.delimiter);
  }
  return env;
}

ensurePulumi()
  .then(async (binary) => runPulumi(binary, args, { env: await envFor(binary) }))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`pulumi: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
