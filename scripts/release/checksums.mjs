// release/SHA256SUMS, in the format `sha256sum --check` reads.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";

export const CHECKSUMS_FILE = "SHA256SUMS";

/**
 * One `<hex digest>  <file name>` line per file, sorted by name.
 *
 * @param {{ name: string; sha256: string }[]} files
 * @returns {string}
 */
export function checksumsText(files) {
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, sha256 }) => `${sha256}  ${name}\n`)
    .join("");
}

/**
 * Writes `<dir>/SHA256SUMS` over every other file in `dir` and returns its path.
 *
 * @param {string} dir
 * @returns {Promise<string>}
 */
export async function writeChecksums(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && entry.name !== CHECKSUMS_FILE)
    .map((entry) => entry.name);
  const files = [];
  for (const name of names) {
    files.push({ name, sha256: await sha256Of(path.join(dir, name)) });
  }
  const file = path.join(dir, CHECKSUMS_FILE);
  await writeFile(file, checksumsText(files));
  return file;
}

/**
 * @param {string} file
 * @returns {Promise<string>}
 */
async function sha256Of(file) {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}
