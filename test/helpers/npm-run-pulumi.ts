import { rm } from "node:fs/promises";
import path from "node:path";
import { inject } from "vitest";
import { projectFolder, userEnvironment } from "./project-folder";
import { executeOk, pulumiRunner, type CommandResult, type RunOptions } from "./pulumi-run";

const root = path.resolve(__dirname, "../..");

export interface WrappedProject {
  dir: string;
  /** `npm --prefix <repository> run pulumi -- ARGS` in the project's folder, as a user types it. */
  pulumi(args: string[], options?: RunOptions): Promise<CommandResult>;
  /** The same, failing on a non-zero exit; resolves with what the CLI printed on stdout. */
  pulumiOk(args: string[], options?: RunOptions): Promise<string>;
  /** Runs another command of the user's steps (npm, python3, pip) in the project's folder. */
  runOk(command: string, args: string[]): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A copy of `example` in a fresh folder outside the repository, with a file backend of its own,
 * driven through the repository's `npm run pulumi` from that folder. The environment is the
 * test's without npm's settings, an active virtualenv or any Smile ID setting, plus `extraEnv`;
 * the CLI is the one the suite set up.
 */
export async function wrappedProject(
  example: string,
  extraEnv: Record<string, string> = {},
): Promise<WrappedProject> {
  const folder = await projectFolder(path.basename(example), path.join(root, example));
  const { dir } = folder;
  // The steps these examples document make their package.json; a local run's would be in the way.
  await rm(path.join(dir, "package.json"), { force: true });
  const env = {
    ...userEnvironment(process.env),
    SMILE_LINKS_PULUMI: inject("pulumiBinary"),
    ...folder.backend,
    ...extraEnv,
  };
  const { pulumi, pulumiOk } = pulumiRunner(
    ["npm", "--prefix", root, "run", "--silent", "pulumi", "--"],
    dir,
    () => env,
  );
  return {
    dir,
    pulumi,
    pulumiOk,
    runOk: async (command, args) => {
      await executeOk(command, args, { cwd: dir, env });
    },
    remove: folder.remove,
  };
}
