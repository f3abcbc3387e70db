// The Node.js SDK as an npm tarball of compiled JavaScript and declarations, as Pulumi's own
// providers publish theirs: `pulumi package gen-sdk` writes TypeScript, `tsc` compiles it into
// the SDK's bin/, and bin/ with the SDK's package.json is what gets packed.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../ensure-pulumi.mjs";
import { generateSdk } from "./gen-sdk.mjs";

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

/**
 * Builds the Node.js SDK's npm tarball into `outDir` and returns its path; of `schema` when
 * given (the benchmark's native floor), else of the schema the plugin serves.
 *
 * @param {{ outDir: string; log?: (line: string) => void; schema?: Record<string, unknown> }} options
 * @returns {Promise<string>}
 */
export async function buildNodejsSdk({ outDir, log = () => {}, schema }) {
  const work = await mkdtemp(path.join(tmpdir(), "smile-links-nodejs-sdk-"));
  try {
    const sdkDir = await generateSdk({ language: "nodejs", outDir: work, log, schema });
    // The SDK compiles against this repository's @pulumi/pulumi, @types/node and TypeScript,
    // which the lockfile pins, instead of a fresh install from the registry.
    await symlink(
      path.join(repoRoot, "node_modules"),
      path.join(sdkDir, "node_modules"),
      "junction",
    );
    await execFileAsync(process.execPath, [
      require.resolve("typescript/bin/tsc"),
      "-p",
      sdkDir,
    ]).catch((error) => {
      throw new Error(`tsc -p ${sdkDir} failed:\n${error.stdout}${error.stderr}`, { cause: error });
    });
    const packageDir = path.join(sdkDir, "bin");
    for (const file of ["package.json", "README.md"]) {
      await copyFile(path.join(sdkDir, file), path.join(packageDir, file));
    }
    await copyFile(path.join(repoRoot, "LICENSE"), path.join(packageDir, "LICENSE"));
    await mkdir(outDir, { recursive: true });
    const { stdout } = await execFileAsync("npm", [
      ...["pack", packageDir, "--json", "--ignore-scripts"],
      ...["--pack-destination", outDir],
    ]);
    const [{ filename }] = JSON.parse(stdout);
    return path.join(outDir, filename);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
