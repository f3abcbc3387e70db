import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { inject } from "vitest";
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
  const base = await mkdtemp(path.join(tmpdir(), `smile-links-${path.basename(example)}-`));
  const dir = path.join(base, "project");
  const backendDir = path.join(base, "state");
  // What a local run of the example left behind is not part of it.
  const leftovers = new Set(["node_modules", "venv", "sdks", "package.json", "package-lock.json"]);
  await cp(path.join(root, example), dir, {
    recursive: true,
    filter: (source) => !leftovers.has(path.basename(source)),
  });
  await mkdir(backendDir);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|INIT_CWD$|VIRTUAL_ENV$|SMILE_ID_)/i.test(name),
    ),
  );
  const env = {
    ...inherited,
    SMILE_LINKS_PULUMI: inject("pulumiBinary"),
    PULUMI_BACKEND_URL: pathToFileURL(backendDir).href,
    PULUMI_CONFIG_PASSPHRASE: "wrapped-project-passphrase",
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
    remove: () => rm(base, { recursive: true, force: true }),
  };
}
