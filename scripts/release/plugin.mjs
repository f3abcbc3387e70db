// The plugin as a standalone executable: dist/native/main.js bundled into one CommonJS file,
// embedded in a Node.js binary as a single executable application (Node's SEA, with postject),
// archived as the engine downloads it. Nothing on the user's machine needs Node.js.
import { execFile } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { create } from "tar";
import { repoRoot } from "../ensure-pulumi.mjs";
import { localNodeBinary, nodeBinaryFor, nodeVersion } from "./node-binary.mjs";
import { packageVersion, servedSchema } from "./schema.mjs";
import { archiveName, executableName, hostTarget } from "./targets.mjs";

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

/** The fuse Node.js looks for to know that a blob was injected (Node.js SEA docs). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/**
 * Bundles the built plugin (dist/native/main.js) and its dependencies into one CommonJS file
 * for Node.js 22, with the version fixed: inside a single executable no package.json sits
 * beside the code.
 *
 * @param {{ version: string; outFile: string }} options
 */
export async function bundlePlugin({ version, outFile }) {
  await bundleScript({
    entry: path.join(repoRoot, "dist", "native", "main.js"),
    outFile,
    define: { SMILEID_PLUGIN_VERSION: JSON.stringify(version) },
  });
}

/**
 * Bundles `entry` and what it requires into one CommonJS file for Node.js 22, resolving
 * packages from this repository's node_modules too (for an entry outside the repository).
 *
 * @param {{ entry: string; outFile: string; define: Record<string, string> }} options
 */
export async function bundleScript({ entry, outFile, define }) {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    outfile: outFile,
    define,
    nodePaths: [path.join(repoRoot, "node_modules")],
    logLevel: "warning",
  });
}

/**
 * The SEA configuration for a bundle. Code cache and snapshot are specific to the platform
 * that writes the blob, so only an executable for this machine's own platform uses the cache.
 *
 * @param {{ main: string; output: string; forThisPlatform: boolean }} options
 * @returns {Record<string, unknown>}
 */
export function seaConfig({ main, output, forThisPlatform }) {
  return {
    main,
    output,
    disableExperimentalSEAWarning: true,
    useCodeCache: forThisPlatform,
    useSnapshot: false,
  };
}

/**
 * Builds `pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz` into `outDir`: the plugin as a
 * single executable for `target`, alone at the archive's root. Returns the archive's path.
 *
 * @param {{ target: import("./targets.mjs").Target; outDir: string; log?: (line: string) => void }} options
 * @returns {Promise<string>}
 * @throws {import("./node-binary.mjs").MissingNodeBinary} when npm has no Node.js for `target`
 */
export async function buildPluginArchive({ target, outDir, log = () => {} }) {
  const version = packageVersion();
  return buildExecutableArchive({
    name: servedSchema().name,
    version,
    bundle: (outFile) => bundlePlugin({ version, outFile }),
    target,
    outDir,
    log,
  });
}

/**
 * The archive of a plugin named `name` at `version`, as `buildPluginArchive` makes `smileid`'s,
 * from the one file `bundle` writes (the benchmark builds its native floor this way too).
 *
 * @param {object} options
 * @param {string} options.name
 * @param {string} options.version
 * @param {(outFile: string) => Promise<void>} options.bundle writes the plugin's code
 * @param {import("./targets.mjs").Target} options.target
 * @param {string} options.outDir
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<string>}
 */
export async function buildExecutableArchive({ name, version, bundle, target, outDir, log }) {
  const node = await nodeBinaryFor(target, nodeVersion(), { log });
  const work = await mkdtemp(path.join(tmpdir(), "smile-links-plugin-"));
  try {
    const bundleFile = path.join(work, "plugin.cjs");
    const blob = path.join(work, "plugin.blob");
    const configFile = path.join(work, "sea-config.json");
    await bundle(bundleFile);
    const config = seaConfig({
      main: bundleFile,
      output: blob,
      forThisPlatform: target === hostTarget(),
    });
    await writeFile(configFile, JSON.stringify(config));
    // The blob's format belongs to the Node.js version that writes it: the same as `node`'s.
    await execFileAsync(localNodeBinary(), ["--experimental-sea-config", configFile], {
      cwd: work,
    });

    const executable = executableName(name, target);
    const binary = path.join(work, executable);
    await copyFile(node, binary);
    await chmod(binary, 0o755);
    // In a child process: postject's ELF and PE writers warn about harmless things on stderr.
    await execFileAsync(process.execPath, [
      require.resolve("postject/dist/cli.js"),
      ...[binary, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE],
      ...(target.os === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : []),
    ]).catch((error) => {
      throw new Error(`postject ${binary} failed:\n${error.stdout}${error.stderr}`, {
        cause: error,
      });
    });

    await mkdir(outDir, { recursive: true });
    const archive = path.join(outDir, archiveName(name, version, target));
    await create({ gzip: true, portable: true, file: archive, cwd: work }, [executable]);
    return archive;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
