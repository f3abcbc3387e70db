import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const root = path.resolve(__dirname, "..");

/**
 * Makes sure the Pulumi CLI and its Node.js language host exist before any engine test starts:
 * `pulumi` on PATH, or the pinned build, built once (a few minutes) on a machine that has
 * neither; and the code-generation host that `pulumi package gen-sdk` and `pulumi import` need
 * (scripts/codegen-host.mjs). Packs the built package once per run, as npm publishes it, for
 * the user-project tests to install. Makes the folder where the install tests keep the release's
 * files they build (test/helpers/release.ts), empty until one of them does, and the folder of
 * installed user projects the tests copy (test/helpers/project-folder.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { ensurePulumi } = await import("../scripts/ensure-pulumi.mjs");
  project.provide("pulumiBinary", await ensurePulumi());
  const { ensureCodegenHost } = await import("../scripts/codegen-host.mjs");
  project.provide("codegenHostDir", await ensureCodegenHost());
  const packDir = await mkdtemp(path.join(tmpdir(), "smile-links-pack-"));
  const { stdout } = await promisify(execFile)(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir],
    { cwd: root },
  );
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  project.provide("packageTarball", path.join(packDir, filename));
  const releaseDir = await mkdtemp(path.join(tmpdir(), "smile-links-release-"));
  project.provide("releaseDir", releaseDir);
  const projectTemplates = await mkdtemp(path.join(tmpdir(), "smile-links-projects-"));
  project.provide("projectTemplates", projectTemplates);
  const compileCache = await mkdtemp(path.join(tmpdir(), "smile-links-compile-cache-"));
  project.provide("compileCache", compileCache);
  return async () => {
    for (const dir of [packDir, releaseDir, projectTemplates, compileCache]) {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pulumiBinary: string;
    /** Holds `pulumi-language-nodejs` and `pulumi-language-python` that serve code generation. */
    codegenHostDir: string;
    /** The `npm pack` tarball of the built package. */
    packageTarball: string;
    /** Where the install tests keep the release's files, each built once a run. */
    releaseDir: string;
    /** Where user projects are kept once installed, to be copied (helpers/project-folder.ts). */
    projectTemplates: string;
    /**
     * Node.js's compile cache for the run's programs and plugins (engine-setup.ts): Node keys it
     * by file path, and every test project has paths of its own, so it lives as long as the run.
     */
    compileCache: string;
  }
}
