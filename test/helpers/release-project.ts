import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { inject } from "vitest";
import { languageHostDir } from "../../scripts/ensure-pulumi.mjs";
import type { StackSettings } from "./user-project";
import { execute, type CommandResult } from "./pulumi-run";

/** The `pulumi` pin of the Python example, which the Python tests run. */
const REQUIREMENTS = path.resolve(__dirname, "../../examples/native-python/requirements.txt");

export interface ReleaseProjectOptions {
  /** The wheel of the Python SDK, the only package installed besides `pulumi`. */
  wheel: string;
  /** The Python module that wheel installs. */
  pythonModule: string;
}

export interface ReleaseProject {
  dir: string;
  /** Runs the project's Pulumi CLI with the project's environment and `env` on top. */
  pulumi(args: string[], env?: Record<string, string>, input?: string): Promise<CommandResult>;
  pulumiOk(args: string[], env?: Record<string, string>, input?: string): Promise<string>;
  initStack(stack: string, settings: Required<StackSettings>): Promise<void>;
  outputs(stack: string): Promise<Record<string, string>>;
  /** What the `node` on PATH was called with, one line a call: it fails whenever it is. */
  nodeCalls(): Promise<string[]>;
  remove(): Promise<void>;
}

/**
 * A Python project as a user of the release has it: a virtualenv holding only `pulumi` and the
 * SDK's wheel, a fresh PULUMI_HOME with no plugin, and a PATH with the CLI, its language hosts
 * and the virtualenv's `bin` but no Node.js: the only `node` on it fails loudly and records the
 * call. One link, whose ID types come from stack config `acme:idTypes`.
 */
export async function releasedPythonProject({
  wheel,
  pythonModule,
}: ReleaseProjectOptions): Promise<ReleaseProject> {
  const base = await mkdtemp(path.join(tmpdir(), "smile-links-released-"));
  const dir = path.join(base, "project");
  const venv = path.join(dir, "venv");
  const nodeCallsFile = path.join(base, "node-calls.log");
  await mkdir(dir);
  await mkdir(path.join(base, "state"));
  await writeFile(
    path.join(dir, "Pulumi.yaml"),
    "name: smile-links-released-py\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n",
  );
  await writeFile(path.join(dir, "__main__.py"), pythonProgram(pythonModule));
  const binary = inject("pulumiBinary");
  const setup = async (command: string, args: string[]) => {
    const result = await execute(command, args, { cwd: dir, env: process.env });
    if (result.code !== 0) throw new Error(`${command} ${args.join(" ")}:\n${result.output}`);
  };
  await setup("python3", ["-m", "venv", venv]);
  await setup(path.join(venv, "bin", "pip"), [
    ...["install", "--quiet", "--disable-pip-version-check"],
    `pulumi==${await pulumiPin()}`,
    wheel,
  ]);

  const env = {
    HOME: process.env.HOME,
    PATH: [
      await failingNodeDir(base, nodeCallsFile),
      path.join(venv, "bin"),
      path.dirname(binary),
      languageHostDir(binary),
    ].join(path.delimiter),
    PULUMI_HOME: path.join(base, "pulumi-home"),
    PULUMI_BACKEND_URL: pathToFileURL(path.join(base, "state")).href,
    PULUMI_CONFIG_PASSPHRASE: "released-project-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The pinned Python host runs the active virtualenv's python; it ignores Pulumi.yaml's option.
    VIRTUAL_ENV: venv,
  };
  const pulumi = (args: string[], extra: Record<string, string> = {}, input?: string) =>
    execute(binary, args, { cwd: dir, env: { ...env, ...extra }, input });
  const pulumiOk = async (args: string[], extra?: Record<string, string>, input?: string) => {
    const result = await pulumi(args, extra, input);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    }
    return result.stdout;
  };
  return {
    dir,
    pulumi,
    pulumiOk,
    initStack: async (stack, { partnerId, apiUrl, apiKey }) => {
      await pulumiOk(["stack", "init", stack]);
      await pulumiOk(["config", "set", "smileid:partnerId", partnerId, "--stack", stack]);
      await pulumiOk(["config", "set", "smileid:apiUrl", apiUrl, "--stack", stack]);
      await pulumiOk(["config", "set", "--secret", "smileid:apiKey", "--stack", stack], {}, apiKey);
    },
    outputs: async (stack) =>
      JSON.parse(await pulumiOk(["stack", "output", "--json", "--show-secrets", "--stack", stack])),
    nodeCalls: async () =>
      existsSync(nodeCallsFile)
        ? (await readFile(nodeCallsFile, "utf8")).split("\n").filter(Boolean)
        : [],
    remove: () => rm(base, { recursive: true, force: true }),
  };
}

function pythonProgram(pythonModule: string): string {
  return `import pulumi
import ${pythonModule} as smileid

config = pulumi.Config("acme")
link = smileid.SmileLink(
    "onboarding",
    name="Customer onboarding",
    company_name="Acme",
    id_types=config.get_object("idTypes")
    or [smileid.IdTypeArgs(country="NG", id_type="BVN", verification_method="enhanced_kyc")],
    callback_url="https://acme.example/smile/callback",
    data_privacy_policy_url="https://acme.example/privacy",
)
pulumi.export("refId", link.ref_id)
`;
}

async function pulumiPin(): Promise<string> {
  const pin = /^pulumi==(\S+)$/m.exec(await readFile(REQUIREMENTS, "utf8"))?.[1];
  if (!pin) throw new Error(`${REQUIREMENTS} pins no pulumi version`);
  return pin;
}

/** A directory whose `node` records its arguments in `callsFile` and exits 1. */
async function failingNodeDir(base: string, callsFile: string): Promise<string> {
  const dir = path.join(base, "failing-node");
  await mkdir(dir);
  const node = path.join(dir, "node");
  await writeFile(
    node,
    `#!/bin/sh\necho "node $*" >> '${callsFile}'\necho "node was called, and this machine has no Node.js: $*" >&2\nexit 1\n`,
  );
  await chmod(node, 0o755);
  return dir;
}
