// What the benchmark installs for the native kinds, built as a release builds it: the plugin
// archive for this machine (scripts/release/plugin.mjs) and the Node.js SDK
// (scripts/release/nodejs-sdk.mjs) of `smileid`, and the same two of the native floor
// `floorid` (floor/native/plugin.js, its schema derived from smileid's). Building them takes a
// minute or more, so they are kept in a cache keyed by a hash of everything they are built
// from, and built again only when that changes.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cp, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, repoRoot } from "../ensure-pulumi.mjs";
import { nodeVersion } from "../release/node-binary.mjs";
import { buildNodejsSdk } from "../release/nodejs-sdk.mjs";
import { buildExecutableArchive, buildPluginArchive, bundleScript } from "../release/plugin.mjs";
import { packageVersion, servedSchema } from "../release/schema.mjs";
import { archiveName, hostTarget } from "../release/targets.mjs";
import { FLOOR_PLUGIN, floorSchema } from "./floor-schema.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const floorSource = path.join(here, "floor");
/** Builds kept in the cache. */
const KEPT_BUILDS = 3;

/**
 * @typedef {object} NativeBuilds
 * @property {string} floorPackage the floor's npm package, staged with its schema (to pack)
 * @property {Record<"smileid" | "floorid", { version: string; archive: string; sdk: string }>}
 *   plugins each plugin's version, its archive for this machine and its Node.js SDK tarball
 */

/**
 * Stages the floor's package in `dir` (with its schema in native/schema.json, which its plugin
 * serves) and returns the native builds, from the cache when it holds them.
 *
 * @param {{ dir: string; binary: string; log: (line: string) => void }} options `binary` is the
 *   Pulumi CLI, whose version the SDKs' generation depends on
 * @returns {Promise<NativeBuilds>}
 */
export async function nativeBuilds({ dir, binary, log }) {
  const target = hostTarget();
  if (!target) throw new Error(`no release target for ${process.platform}-${process.arch}`);
  const floorPackage = path.join(dir, "floor-package");
  await cp(floorSource, floorPackage, { recursive: true });
  const floorVersion = JSON.parse(
    readFileSync(path.join(floorSource, "package.json"), "utf8"),
  ).version;
  const schema = floorSchema(servedSchema(), floorVersion);
  await writeFile(path.join(floorPackage, "native", "schema.json"), JSON.stringify(schema));

  const version = packageVersion();
  const cacheRoot = path.dirname(cacheDir("bench-native"));
  const key = buildKey(binary);
  const cached = path.join(cacheRoot, key);
  const plugins = {
    smileid: {
      version,
      archive: path.join(cached, archiveName("smileid", version, target)),
      sdk: path.join(cached, "smileid-sdk.tgz"),
    },
    floorid: {
      version: floorVersion,
      archive: path.join(cached, archiveName(FLOOR_PLUGIN, floorVersion, target)),
      sdk: path.join(cached, "floorid-sdk.tgz"),
    },
  };
  if (existsSync(path.join(cached, "complete"))) {
    log(`native builds: from the cache (${cached})`);
    return { floorPackage, plugins };
  }

  log("native builds: the plugin archives and Node.js SDKs of smileid and floorid, once");
  const work = path.join(cacheRoot, `.build-${randomBytes(4).toString("hex")}`);
  await mkdir(work, { recursive: true });
  try {
    const inWork = (/** @type {string} */ file) => path.join(work, path.basename(file));
    // Each archive is named as the engine names it, as in the cache.
    await buildPluginArchive({ target, outDir: work, log });
    await buildExecutableArchive({
      name: FLOOR_PLUGIN,
      version: floorVersion,
      bundle: (outFile) =>
        bundleScript({
          entry: path.join(floorPackage, "native", "plugin.js"),
          outFile,
          define: { FLOORID_PLUGIN_VERSION: JSON.stringify(floorVersion) },
        }),
      target,
      outDir: work,
      log,
    });
    await rename(
      await buildNodejsSdk({ outDir: path.join(work, "smileid"), log }),
      inWork(plugins.smileid.sdk),
    );
    await rename(
      await buildNodejsSdk({ outDir: path.join(work, "floorid"), log, schema }),
      inWork(plugins.floorid.sdk),
    );
    await rm(path.join(work, "smileid"), { recursive: true });
    await rm(path.join(work, "floorid"), { recursive: true });
    await writeFile(path.join(work, "complete"), "");
    // Another worktree's benchmark may have built the same just now: either copy will do.
    await rename(work, cached).catch((error) => {
      if (!existsSync(path.join(cached, "complete"))) throw error;
    });
    await pruneCache(cacheRoot);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { floorPackage, plugins };
}

/**
 * Removes all but the newest builds (each is about 90 MB), keeping a few for other worktrees'
 * benchmarks that may be installing theirs right now.
 *
 * @param {string} cacheRoot
 */
async function pruneCache(cacheRoot) {
  const builds = (await readdir(cacheRoot))
    .filter((entry) => !entry.startsWith("."))
    .map((entry) => ({
      dir: path.join(cacheRoot, entry),
      at: statSync(path.join(cacheRoot, entry)).mtimeMs,
    }))
    .sort((a, b) => b.at - a.at);
  for (const { dir } of builds.slice(KEPT_BUILDS)) await rm(dir, { recursive: true, force: true });
}

/**
 * A hash of what the builds are made from: the built package (dist/), the floor's sources, the
 * build scripts, the locked dependencies, the Node.js that runs the executables and the Pulumi
 * CLI and tools that generate the SDKs.
 *
 * @param {string} binary
 * @returns {string}
 */
function buildKey(binary) {
  const hash = createHash("sha256");
  hash.update(`${nodeVersion()}\n${binary}\n`);
  const roots = [
    "dist",
    "scripts/bench/floor",
    "scripts/release",
    "scripts/bench/native-builds.mjs",
    "scripts/bench/floor-schema.mjs",
    "package-lock.json",
    "tools",
  ];
  for (const file of roots.flatMap((root) => filesUnder(path.join(repoRoot, root)))) {
    hash.update(`${path.relative(repoRoot, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * @param {string} root a file or a directory
 * @returns {string[]} the files, in a stable order
 */
function filesUnder(root) {
  if (!existsSync(root)) return [];
  if (!statSync(root).isDirectory()) return [root];
  return readdirSync(root, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) =>
      entry.name === "node_modules" ? [] : filesUnder(path.join(root, entry.name)),
    );
}
