// `npm run pulumi -- ARGS`: runs the project's Pulumi CLI (see ensure-pulumi.mjs) with ARGS in the
// directory npm was called from, inheriting stdio and passing on its exit code. Its backend is
// that of `npm run up` unless the user chose one (pulumi-backend.mjs) or the command is `login`
// or `logout`, which choose the user's own and get none from here; a command on a stack that
// does not exist there gets one line naming the command that creates it, or, for a stack of this
// repository's own project that has its Pulumi.<stack>.yaml here (sandbox, production), the
// stack is created. Where the language hosts this project builds (sdk v3.68.0) fall short of a
// current install, it gives the CLI what that install would have (pulumi-args.mjs and
// pulumi-project.mjs read the command and the project): the code-generation host for commands
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
  repoRoot,
} from "./ensure-pulumi.mjs";
import { backendVariables } from "./pulumi-backend.mjs";
import {
  choosesBackend,
  commandWords,
  generatesCode,
  needsExistingStack,
  stackArg,
  workingDir,
} from "./pulumi-args.mjs";
import { projectRuntime, virtualenvVariables } from "./pulumi-project.mjs";
import { pulumiOutput, runPulumi } from "./run-pulumi.mjs";
import { messageOf } from "./errors.mjs";

const args = process.argv.slice(2);
/** npm runs scripts in the package's root; INIT_CWD is where the user typed the command. */
const cwd = process.env.INIT_CWD || process.cwd();
const projectDir = workingDir(args, cwd);
const runsPolicyPack = args.some(
  (arg) => arg === "--policy-pack" || arg.startsWith("--policy-pack="),
);

/**
 * @param {string} binary
 * @param {Record<string, string>} backend the variables that choose the backend
 * @returns {Promise<Record<string, string | undefined>>}
 */
async function envFor(binary, backend) {
  // An official install's hosts, beside its `pulumi`, need none of this.
  const ourHosts = languageHostDir(binary).startsWith(path.dirname(path.dirname(cacheDir("x"))));
  const runtime = projectRuntime(projectDir);
  if (ourHosts && runtime?.name === "yaml") await ensureYamlHost();
  if (ourHosts && runtime?.name === "go") await ensureGoHost();
  const env = pulumiEnv(backend, binary);
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

/**
 * Makes sure that the stack the command works on exists in the backend: a missing stack of this
 * repository's project that has its Pulumi.<stack>.yaml here is created; for any other, one line
 * names the command that creates it, and this returns false. A backend that cannot list its
 * stacks (no login yet) is left for the command itself to report.
 *
 * @param {string} binary
 * @param {Record<string, string | undefined>} env
 * @param {string} backend
 */
async function stackReady(binary, env, backend) {
  const stack = stackArg(args);
  if (stack === undefined || stack.includes("/") || !needsExistingStack(args)) return true;
  const cli = { env, cwd: projectDir };
  /** @type {{ name: string }[]} */
  let stacks;
  try {
    stacks = JSON.parse(await pulumiOutput(binary, ["stack", "ls", "--json"], cli));
  } catch {
    return true;
  }
  if (stacks.some(({ name }) => name === stack || name.endsWith(`/${stack}`))) return true;
  const ownStackFile = path.join(repoRoot, `Pulumi.${stack}.yaml`);
  if (projectRuntime(projectDir)?.root === repoRoot && existsSync(ownStackFile)) {
    await pulumiOutput(binary, ["stack", "init", stack], cli);
    console.error(`pulumi: created the stack ${stack} in ${backend}, with Pulumi.${stack}.yaml.`);
    return true;
  }
  console.error(
    `pulumi: no stack named '${stack}' in ${backend}: create it with ` +
      `\`npm run pulumi -- stack init ${stack}\`.`,
  );
  return false;
}

async function main() {
  const binary = await ensurePulumi();
  // Given the local backend, `login` would make it the user's current backend everywhere.
  if (choosesBackend(args)) return runPulumi(binary, args, { env: await envFor(binary, {}), cwd });
  const { variables, backend } = await backendVariables(process.env, projectDir);
  const env = await envFor(binary, variables);
  if (!(await stackReady(binary, env, backend))) return 1;
  return runPulumi(binary, args, { env, cwd });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`pulumi: ${messageOf(error)}`);
    process.exitCode = 1;
  },
);
