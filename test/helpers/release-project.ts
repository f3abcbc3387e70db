import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { inject } from "vitest";
import { LINK_EXAMPLES } from "../../provider/codegen/resource-docs";
import { languageHostDir } from "../../scripts/ensure-pulumi.mjs";
import { virtualenvVariables } from "../../scripts/pulumi-project.mjs";
import { NATIVE_LINK_TYPE } from "./native-project";
import { executeOk, pulumiRunner } from "./pulumi-run";
import { initStack, stackOutputs, stackResources, type StackProject } from "./pulumi-stack";

/** The `pulumi` pin of the Python example, which the Python tests run. */
const REQUIREMENTS = path.resolve(__dirname, "../../examples/native-python/requirements.txt");

export interface ReleaseProjectOptions {
  /** The wheel of the Python SDK, the only package installed besides `pulumi`. */
  wheel: string;
  /** The Python module that wheel installs. */
  pythonModule: string;
}

export interface ReleaseProject extends StackProject {
  /** What the `node` on PATH was called with, one line a call: it fails whenever it is. */
  nodeCalls(): Promise<string[]>;
}

/**
 * A Python project as a user of the release has it: a virtualenv holding only `pulumi` and the
 * SDK's wheel, a fresh PULUMI_HOME with no plugin, and a PATH with the CLI, its language hosts
 * and the virtualenv's `bin` but no Node.js: the only `node` on it fails loudly and records the
 * call. Its program is the docs' Python example, its ID types from stack config `acme:idTypes`.
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
  const setup = (command: string, args: string[]) =>
    executeOk(command, args, { cwd: dir, env: process.env });
  await setup("python3", ["-m", "venv", venv]);
  await setup(path.join(venv, "bin", "pip"), [
    ...["install", "--quiet", "--disable-pip-version-check"],
    `pulumi==${await pulumiPin()}`,
    wheel,
  ]);

  const env = {
    HOME: process.env.HOME,
    // The virtualenv active as `npm run pulumi` makes it, on a PATH without Node.js.
    ...virtualenvVariables(
      venv,
      [
        await failingNodeDir(base, nodeCallsFile),
        path.dirname(binary),
        languageHostDir(binary),
      ].join(path.delimiter),
    ),
    PULUMI_HOME: path.join(base, "pulumi-home"),
    PULUMI_BACKEND_URL: pathToFileURL(path.join(base, "state")).href,
    PULUMI_CONFIG_PASSPHRASE: "released-project-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const { pulumi, pulumiOk } = pulumiRunner([binary], dir, () => env);
  return {
    dir,
    pulumi,
    pulumiOk,
    initStack: (stack, settings) => initStack(pulumiOk, stack, settings),
    outputs: (stack) => stackOutputs(pulumiOk, stack),
    links: (stack) => stackResources(pulumiOk, stack, NATIVE_LINK_TYPE),
    nodeCalls: async () =>
      existsSync(nodeCallsFile)
        ? (await readFile(nodeCallsFile, "utf8")).split("\n").filter(Boolean)
        : [],
    remove: () => rm(base, { recursive: true, force: true }),
  };
}

/**
 * The docs' Python example, which must import `pythonModule`, with its ID types from stack
 * config when set and its link's refId exported for the tests.
 */
function pythonProgram(pythonModule: string): string {
  const example = LINK_EXAMPLES.python;
  if (!example.includes(`\nimport ${pythonModule} as smileid\n`)) {
    throw new Error(`the docs' Python example does not import ${pythonModule}:\n${example}`);
  }
  const parts = example.split("id_types=[");
  if (parts.length !== 2) {
    throw new Error(`the docs' Python example does not set id_types once:\n${example}`);
  }
  const program = parts.join('id_types=pulumi.Config("acme").get_object("idTypes") or [');
  return `${program}\npulumi.export("refId", onboarding.ref_id)\n`;
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
