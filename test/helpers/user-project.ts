import { readFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { pulumiEnv } from "../../scripts/ensure-pulumi.mjs";
import {
  execute,
  executeOk,
  pulumiRunner,
  type CommandResult,
  type RunOptions,
} from "./pulumi-run";
import {
  initStack,
  setSecret,
  stackOutputs,
  stackResources,
  type StackProject,
} from "./pulumi-stack";
import { installOnce, projectFolder, userEnvironment } from "./project-folder";

/** The `@pulumi/pulumi` this repository builds with: user projects install it unless told. */
const OUR_PULUMI_VERSION: string = JSON.parse(
  readFileSync(path.resolve(__dirname, "../../node_modules/@pulumi/pulumi/package.json"), "utf8"),
).version;

/** The Pulumi TypeScript project a user would write, with its own package.json. */
const EXAMPLE = path.resolve(__dirname, "../../examples/basic");

/** The type token of `SmileLink` in state (docs/reference.md). */
export const LINK_TYPE = "pulumi-nodejs:dynamic/smileid:SmileLink";

export interface UserProject extends StackProject {
  /** The file backend's directory. */
  backendDir: string;
  /** Runs npm in the project (`npm exec -- tsc` runs the project's own TypeScript). */
  npm(args: string[]): Promise<CommandResult>;
  /** `pulumi config set --secret KEY` with the value on standard input. */
  setSecret(stack: string, key: string, value: string): Promise<void>;
  /** Everything the Pulumi CLI printed so far. */
  transcript(): string;
}

/**
 * Copies `examples/basic` out of the repository and installs it as a user would: the package
 * from the `npm pack` tarball (a copy, unlike a `file:` link to the repository, so packaging
 * mistakes show), `@pulumi/pulumi` at `pulumiVersion` (by default this repository's; TypeScript at `options.typescript`
 * instead of the example's), from npm's cache when it can; installed once a run for each pair of
 * versions, and copied after (project-folder.ts). No Smile ID setting reaches the CLI from the
 * environment: the tests set them as stack config.
 */
export async function installUserProject(
  pulumiVersion = OUR_PULUMI_VERSION,
  options: { typescript?: string } = {},
): Promise<UserProject> {
  const folder = await projectFolder("user", EXAMPLE);
  const { dir, backendDir } = folder;
  const binary = inject("pulumiBinary");
  const env = userEnvironment(pulumiEnv(folder.backend, binary));
  const npm = (args: string[]) => execute("npm", args, { cwd: dir, env });
  const install = (args: string[]) => executeOk("npm", args, { cwd: dir, env });
  const key = `basic-pulumi-${pulumiVersion}-typescript-${options.typescript ?? "example"}`;
  await installOnce(inject("projectTemplates"), key, dir, async () => {
    await install([
      "pkg",
      "set",
      `dependencies.pulumi-smile-links=file:${inject("packageTarball")}`,
      `dependencies.@pulumi/pulumi=${pulumiVersion}`,
      ...(options.typescript ? [`devDependencies.typescript=${options.typescript}`] : []),
    ]);
    await install(["install", "--prefer-offline", "--no-audit", "--no-fund"]);
  });

  const { pulumi, pulumiOk, transcript } = pulumiRunner<RunOptions>([binary], dir, () => env);
  return {
    dir,
    backendDir,
    pulumi,
    pulumiOk,
    npm,
    initStack: (stack, settings) => initStack(pulumiOk, stack, settings),
    setSecret: (stack, key, value) => setSecret(pulumiOk, stack, key, value),
    outputs: (stack) => stackOutputs(pulumiOk, stack),
    links: (stack) => stackResources(pulumiOk, stack, LINK_TYPE),
    transcript,
    remove: folder.remove,
  };
}
