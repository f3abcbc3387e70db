import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { inject } from "vitest";
import { LINK_EXAMPLES } from "../../provider/codegen/resource-docs";
import { languageHostDir } from "../../scripts/ensure-pulumi.mjs";
import { virtualenvVariables } from "../../scripts/pulumi-project.mjs";
import { NATIVE_LINK_TYPE } from "./native-project";
import { projectFolder } from "./project-folder";
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
  const folder = await releaseProjectFolder("py");
  const { dir } = folder;
  const venv = path.join(dir, "venv");
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

  return releaseStackProject(folder, {
    HOME: process.env.HOME,
    // The virtualenv active as `npm run pulumi` makes it, on a PATH without Node.js.
    ...virtualenvVariables(
      venv,
      [folder.failingNodeDir, path.dirname(binary), languageHostDir(binary)].join(path.delimiter),
    ),
  });
}

/** The folders of a project as a user of the release has it, and the calls of its `node`. */
export interface ReleaseProjectFolder {
  base: string;
  /** `<base>/project`, empty. */
  dir: string;
  /** Holds the only `node` a project's PATH has: it records its arguments and fails. */
  failingNodeDir: string;
  /** A file backend and a fresh PULUMI_HOME, both in `base`, and the CLI's quiet settings. */
  pulumiVariables: Record<string, string>;
  nodeCalls(): Promise<string[]>;
}

/** Makes the folders of a release project; `kind` names it (`py`, `go`). */
export async function releaseProjectFolder(kind: string): Promise<ReleaseProjectFolder> {
  const folder = await projectFolder(`released-${kind}`);
  const { base, dir } = folder;
  const nodeCallsFile = path.join(base, "node-calls.log");
  return {
    base,
    dir,
    failingNodeDir: await failingNodeDir(base, nodeCallsFile),
    pulumiVariables: {
      PULUMI_HOME: path.join(base, "pulumi-home"),
      ...folder.backend,
      PULUMI_SKIP_UPDATE_CHECK: "true",
    },
    nodeCalls: async () =>
      existsSync(nodeCallsFile)
        ? (await readFile(nodeCallsFile, "utf8")).split("\n").filter(Boolean)
        : [],
  };
}

/** The project in `folder` run by the suite's Pulumi CLI in `env` plus the folder's variables. */
export function releaseStackProject(
  folder: ReleaseProjectFolder,
  env: Record<string, string | undefined>,
): ReleaseProject {
  const fullEnv = { ...env, ...folder.pulumiVariables };
  const { pulumi, pulumiOk } = pulumiRunner([inject("pulumiBinary")], folder.dir, () => fullEnv);
  return {
    dir: folder.dir,
    pulumi,
    pulumiOk,
    initStack: (stack, settings) => initStack(pulumiOk, stack, settings),
    outputs: (stack) => stackOutputs(pulumiOk, stack),
    links: (stack) => stackResources(pulumiOk, stack, NATIVE_LINK_TYPE),
    nodeCalls: folder.nodeCalls,
    remove: () => rm(folder.base, { recursive: true, force: true }),
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
