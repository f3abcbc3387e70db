// `npm run pulumi -- ARGS`: runs the project's Pulumi CLI (see ensure-pulumi.mjs) with ARGS in the
// directory npm was called from, inheriting stdio and passing on its exit code. Where the
// language hosts this project builds (sdk v3.68.0) fall short of a current install, it gives the
// CLI what that install would have (pulumi-project.mjs): the code-generation host for commands
// that generate code and for `--policy-pack` (codegen-host.mjs), the YAML or Go host for a YAML
// or Go project, and a Python project's virtualenv. Each is built then, and only then.
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureCodegenHost } from "./codegen-host.mjs";
import {
  cacheDir,
  ensureGoHost,
  ensurePulumi,
  ensureYamlHost,
  languageHostDir,
  pulumiEnv,
} from "./ensure-pulumi.mjs";
import {
  commandWords,
  generatesCode,
  projectRuntime,
  virtualenvVariables,
  workingDir,
} from "./pulumi-project.mjs";
import { runPulumi } from "./run-pulumi.mjs";
import { messageOf } from "./errors.mjs";

const args = process.argv.slice(2);
/** npm runs scripts in the package's root; INIT_CWD is where the user typed the command. */
const cwd = process.env.INIT_CWD || process.cwd();
const runsPolicyPack = args.some(
  (arg) => arg === "--policy-pack" || arg.startsWith("--policy-pack="),
);

/**
 * @param {string} binary
 * @returns {Promise<Record<string, string | undefined>>}
 */
async function envFor(binary) {
  // An official install's hosts, beside its `pulumi`, need none of this.
  const ourHosts = languageHostDir(binary).startsWith(path.dirname(path.dirname(cacheDir("x"))));
  const runtime = projectRuntime(workingDir(args, cwd));
  if (ourHosts && runtime?.name === "yaml") await ensureYamlHost();
  if (ourHosts && runtime?.name === "go") await ensureGoHost();
  const env = pulumiEnv({}, binary);
  if (ourHosts && (runsPolicyPack || generatesCode(args))) {
    env.PATH = [await ensureCodegenHost(), env.PATH].join(path.delimiter);
  }
  if (ourHosts && runtime?.name === "python" && runtime.virtualenv) {
    const runsProgram = ["up", "update", "preview"].includes(commandWords(args)[0] ?? "");
    if (runsProgram && !existsSync(runtime.virtualenv)) {
      console.error(
        `pulumi: Pulumi.yaml names the virtualenv ${runtime.virtualenv}, which does not exist: ` +
          `create it with \`python3 -m venv ${path.relative(cwd, runtime.virtualenv) || "."}\`.`,
      );
    }
    Object.assign(env, virtualenvVariables(runtime.virtualenv, env.PATH ?? ""));
  }
  return env;
}

ensurePulumi()
  .then(async (binary) => runPulumi(binary, args, { env: await envFor(binary), cwd }))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`pulumi: ${messageOf(error)}`);
      process.exitCode = 1;
    },
  );
