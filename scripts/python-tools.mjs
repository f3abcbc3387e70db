// Python tools from PyPI (build, moto's S3 server, shellcheck), each set installed once into a
// virtualenv of its own in the cache, named after the pinned versions.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { cacheDir } from "./ensure-pulumi.mjs";
import { messageOf } from "./errors.mjs";

const execFileAsync = promisify(execFile);

/**
 * The `bin` directory of a virtualenv holding `requirements` (pinned `name==version` lines),
 * made once in `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/<name>-<hash of them>/`. It is
 * installed in a temporary directory and renamed into place, so a cut-short install leaves
 * nothing that a later run would take for a finished one. Run its tools as `bin/python -m
 * MODULE` or by their own binaries: pip's entry-point scripts keep the temporary path in their
 * first line.
 *
 * @param {string} name
 * @param {string[]} requirements
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<string>}
 */
export async function ensurePythonTools(
  name,
  requirements,
  { log = (line) => process.stderr.write(`${line}\n`) } = {},
) {
  const tag = createHash("sha256").update(requirements.join(" ")).digest("hex").slice(0, 12);
  const bin = cacheDir(`${name}-${tag}`);
  const venv = path.dirname(bin);
  if (existsSync(path.join(bin, "python"))) return bin;
  log(`Installing ${requirements.join(" ")} from PyPI into ${venv}, once.`);
  await mkdir(path.dirname(venv), { recursive: true });
  const temp = `${venv}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await execFileAsync("python3", ["-m", "venv", temp]);
    await execFileAsync(
      path.join(temp, "bin", "python"),
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...requirements],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    // A virtualenv finds its packages from its python's location, so it survives the rename;
    // another process may have finished the same install first.
    await rename(temp, venv).catch((error) => {
      if (!existsSync(path.join(bin, "python"))) throw error;
    });
  } catch (error) {
    const stderr = /** @type {{ stderr?: string }} */ (error).stderr?.trim();
    throw new Error(
      `installing ${requirements.join(" ")} into ${venv} failed: ${stderr || messageOf(error)}`,
      { cause: error },
    );
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return bin;
}
