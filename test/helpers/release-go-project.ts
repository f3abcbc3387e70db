import { cp } from "node:fs/promises";
import path from "node:path";
import { inject } from "vitest";
import { goHostDir } from "../../scripts/ensure-pulumi.mjs";
import {
  execute,
  executeOk,
  pulumiRunner,
  type CommandResult,
  type PulumiRunner,
} from "./pulumi-run";
import { releaseProjectFolder, releaseStackProject, type ReleaseProject } from "./release-project";

const root = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(root, "examples", "native-go");

export interface ReleaseGoProject extends ReleaseProject {
  /** Runs `go ARGS` in `subdir` of the project's folder, in the project's environment. */
  go(args: string[], subdir?: string): Promise<CommandResult>;
  /**
   * The same project through this repository's `npm run pulumi`, as a user of a clone runs it,
   * with `env` over the project's variables and a PATH with neither the Go host nor the failing
   * `node` on it: the script must give the CLI the Go host itself.
   */
  throughNpmRunPulumi(env: Record<string, string>): PulumiRunner<{ env?: Record<string, string> }>;
}

/**
 * examples/native-go set up as its comment tells a user of the release: the Go SDK's archive
 * unpacked into `sdk/` (the module its go.mod's `replace` names), then `go mod tidy`, which
 * takes the SDK's dependencies from the Go module proxy. A fresh PULUMI_HOME has no plugin. The
 * CLI runs with the Go language host (`ensureGoHost`, built before) and `go` on PATH, behind a
 * `node` that fails and records the call: the released plugin needs no Node.js.
 */
export async function releasedGoProject(goSdkArchive: string): Promise<ReleaseGoProject> {
  const folder = await releaseProjectFolder("go");
  const { dir } = folder;
  // What a local run of the example left behind is not part of it.
  const leftovers = new Set(["sdk", "go.sum"].map((name) => path.join(EXAMPLE, name)));
  await cp(EXAMPLE, dir, { recursive: true, filter: (source) => !leftovers.has(source) });
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|INIT_CWD$|VIRTUAL_ENV$|SMILE_ID_|PULUMI_)/i.test(name),
    ),
  );
  const binary = inject("pulumiBinary");
  const env = {
    ...inherited,
    PATH: [folder.failingNodeDir, path.dirname(binary), goHostDir(), process.env.PATH].join(
      path.delimiter,
    ),
  };
  const go = (args: string[], subdir = ".") =>
    execute("go", args, { cwd: path.join(dir, subdir), env });
  await executeOk("tar", ["-xzf", goSdkArchive], { cwd: dir, env });
  await executeOk("go", ["mod", "tidy"], { cwd: dir, env });

  return {
    ...releaseStackProject(folder, env),
    go,
    throughNpmRunPulumi: (extra) => {
      const npmEnv = {
        ...inherited,
        ...folder.pulumiVariables,
        SMILE_LINKS_PULUMI: binary,
        ...extra,
      };
      const { pulumi, pulumiOk, transcript } = pulumiRunner(
        ["npm", "--prefix", root, "run", "--silent", "pulumi", "--"],
        dir,
        () => npmEnv,
      );
      return { pulumi, pulumiOk, transcript };
    },
  };
}
