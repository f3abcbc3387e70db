// The Node.js binaries a release turns into single executables: the one `npm ci` installed for
// the machine's own platform, and for the others the same Node.js version from npm's per-platform
// packages, fetched once into a cache.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { extract } from "tar";
import { cacheDir, repoRoot } from "../ensure-pulumi.mjs";
import { hostTarget, targetName } from "./targets.mjs";
import { messageOf } from "../errors.mjs";

const execFileAsync = promisify(execFile);

/** The `node` devDependency: its package.json names the Node.js version it installed. */
const nodePackageDir = path.join(repoRoot, "node_modules", "node");

/**
 * The Node.js version every executable carries: the `node` devDependency's, which also writes
 * the SEA blob (a blob must come from the Node.js version that runs it).
 *
 * @returns {string}
 */
export function nodeVersion() {
  return JSON.parse(readFileSync(path.join(nodePackageDir, "package.json"), "utf8")).version;
}

/**
 * The Node.js binary that `npm ci` installed for this machine (the `node` package's `bin/node`).
 *
 * @returns {string}
 */
export function localNodeBinary() {
  return path.join(nodePackageDir, "bin", "node");
}

/** No Node.js binary of the version asked for exists for a target: the release skips it. */
export class MissingNodeBinary extends Error {
  name = "MissingNodeBinary";
}

/**
 * The Node.js `version` binary for `target`: this machine's own, or one fetched with
 * `npm pack <nodePackage>@<version>` into
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/node-binaries/` on first use.
 *
 * @param {import("./targets.mjs").Target} target
 * @param {string} version
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<string>}
 * @throws {MissingNodeBinary} when npm has no such binary
 */
export async function nodeBinaryFor(target, version, { log = () => {} } = {}) {
  if (target === hostTarget()) {
    const local = localNodeBinary();
    if (!existsSync(local)) throw new Error(`${local} is missing: run npm ci`);
    return local;
  }
  if (!target.nodePackage) {
    throw new MissingNodeBinary(`npm has no Node.js ${version} for ${targetName(target)}`);
  }
  const spec = `${target.nodePackage}@${version}`;
  const dir = path.join(nodeBinariesDir(), `${target.nodePackage}-${version}`);
  const binary = path.join(dir, target.platform === "win32" ? "node.exe" : "node");
  if (existsSync(binary)) return binary;

  log(`Fetching Node.js ${version} for ${targetName(target)} (npm pack ${spec}), once.`);
  await mkdir(nodeBinariesDir(), { recursive: true });
  const temp = await mkdtemp(
    path.join(nodeBinariesDir(), `.fetch-${randomBytes(4).toString("hex")}-`),
  );
  try {
    const packed = await execFileAsync(
      "npm",
      ["pack", spec, "--json", "--pack-destination", temp],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error) => {
      const message = `npm pack ${spec} failed: ${errorLine(error)}`;
      throw /\b(E404|ETARGET)\b/.test(String(error.stderr))
        ? new MissingNodeBinary(message, { cause: error })
        : new Error(message, { cause: error });
    });
    const [{ filename, files }] = JSON.parse(packed.stdout);
    const entry = files.find((/** @type {{ path: string }} */ file) =>
      /^bin\/node(\.exe)?$/.test(file.path),
    );
    if (!entry) throw new Error(`${spec} holds no bin/node`);
    await extract({
      file: path.join(temp, filename),
      cwd: temp,
      filter: (entryPath) => entryPath === `package/${entry.path}`,
    });
    await mkdir(dir, { recursive: true });
    // Renamed into place last: a fetch cut short never leaves a binary behind.
    await rename(path.join(temp, "package", entry.path), binary);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return binary;
}

/** `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/node-binaries`. */
function nodeBinariesDir() {
  // cacheDir names the `bin` folder inside a tool's cache directory.
  return path.dirname(cacheDir("node-binaries"));
}

/**
 * @param {unknown} error
 * @returns {string}
 */
function errorLine(error) {
  const stderr = /** @type {{ stderr?: string }} */ (error).stderr ?? "";
  // npm's first error line is only its code; the one that says what happened follows it.
  const line = stderr
    .split("\n")
    .find(
      (candidate) =>
        /^npm error /.test(candidate) && !/^npm error (code|A complete log)/.test(candidate),
    );
  return line?.replace(/^npm error \S+ /, "") ?? messageOf(error);
}
