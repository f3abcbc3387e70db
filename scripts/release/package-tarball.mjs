// The npm package's own tarball, as `npm publish` would upload it.
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../ensure-pulumi.mjs";

const execFileAsync = promisify(execFile);

/**
 * Packs the built package (run `npm run build` first) into `outDir` and returns the tarball's
 * path. Scripts are skipped: `prepack` would build again.
 *
 * @param {{ outDir: string }} options
 * @returns {Promise<string>}
 */
export async function packPackage({ outDir }) {
  await mkdir(outDir, { recursive: true });
  const { stdout } = await execFileAsync(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", outDir],
    { cwd: repoRoot },
  );
  const [{ filename }] = JSON.parse(stdout);
  return path.join(outDir, filename);
}
