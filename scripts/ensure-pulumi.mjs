// Finds the Pulumi CLI this project runs, building it once from the Go module proxy when it is
// neither given nor on PATH (the CLI cannot be downloaded here; tools/pulumi-cli pins it).
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants as fsConstants, existsSync } from "node:fs";
import {
  access,
  chmod,
  copyFile,
  mkdir,
  readFile,
  readdir,
  rename,
  rm,
  stat,
} from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The repository root (this file lives in `<root>/scripts`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The wrapper Go module whose go.mod pins the Pulumi CLI version. */
const toolModuleDir = path.join(repoRoot, "tools", "pulumi-cli");
const pkgModule = "github.com/pulumi/pulumi/pkg/v3";
const versionVariable = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
/** Environment variable naming a `pulumi` binary to use instead of PATH or the cache. */
export const overrideVariable = "SMILE_LINKS_PULUMI";
/**
 * The engine's plugin for dynamic providers, a shell script shipped in `@pulumi/pulumi` that runs
 * `node` on `@pulumi/pulumi/cmd/dynamic-provider` resolved from its working directory.
 */
const nodejsProviderPlugin = "pulumi-resource-pulumi-nodejs";
const pulumiPackageDir = path.join(repoRoot, "node_modules", "@pulumi", "pulumi");
/** Temporary build outputs older than this are leftovers of an interrupted build. */
const staleTempMs = 24 * 60 * 60 * 1000;

/** @type {string | undefined} the binary found by the last `ensurePulumi` call */
let lastEnsured;

/**
 * @typedef {object} EnsureOptions
 * @property {(line: string) => void} [log] where progress lines go (default: stderr)
 */

/**
 * Returns the absolute path of a working `pulumi` binary, in this order: `$SMILE_LINKS_PULUMI`,
 * `pulumi` on PATH (when `pulumi version` runs), the cached build at
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/pulumi-<version>/bin/pulumi`, or a new build
 * there (needs `go` on PATH; takes a few minutes, once).
 *
 * @param {EnsureOptions} [options]
 * @returns {Promise<string>}
 */
export async function ensurePulumi({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  lastEnsured = await findOrBuild(log);
  return lastEnsured;
}

/**
 * @param {(line: string) => void} log
 * @returns {Promise<string>}
 */
async function findOrBuild(log) {
  const override = process.env[overrideVariable];
  if (override) {
    const binary = path.resolve(override);
    const problem = await versionProblem(binary);
    if (problem) {
      throw new Error(`${overrideVariable}=${override} is not a working pulumi binary: ${problem}`);
    }
    return binary;
  }

  const onPath = await whichExecutable("pulumi");
  if (onPath && !(await versionProblem(onPath))) {
    return onPath;
  }

  const version = await pinnedVersion();
  const binary = cachedBinaryPath(version);
  if (!(await isExecutableFile(binary))) {
    await buildPulumi(version, binary, log);
  }
  await installPluginBeside(binary);
  return binary;
}

/**
 * Puts the `pulumi-resource-pulumi-nodejs` launcher beside a cached build, where an official
 * Pulumi install has it: the engine looks for this bundled plugin on PATH and beside the running
 * `pulumi`, and warns "using ... from $PATH" whenever the PATH copy is not the one beside it.
 *
 * @param {string} binary
 */
async function installPluginBeside(binary) {
  const target = path.join(path.dirname(binary), nodejsProviderPlugin);
  if (await isExecutableFile(target)) {
    return;
  }
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await copyFile(path.join(pulumiPackageDir, nodejsProviderPlugin), temp);
    await chmod(temp, 0o755);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * An environment for running the Pulumi CLI and the engine's plugins: the current environment,
 * update checks off, and on PATH first the binary's directory and the repository's
 * `node_modules/.bin` (the project's Node, which the `pulumi-resource-pulumi-nodejs` launcher runs
 * as `node`). When no launcher sits beside the binary, `node_modules/@pulumi/pulumi` (where it
 * ships) goes on PATH too: without it the engine tries to download a `pulumi-nodejs` provider.
 *
 * The launcher resolves `@pulumi/pulumi` from its working directory, which the engine sets to the
 * program's directory (for an Automation API inline program: the calling process's cwd, not the
 * workspace's workDir), so run from inside this repository or a project that installs it.
 *
 * @param {Record<string, string | undefined>} [extra] variables to add or override
 * @param {string | undefined} [pulumiBinary] defaults to the last `ensurePulumi` result
 * @returns {Record<string, string | undefined>}
 */
export function pulumiEnv(extra = {}, pulumiBinary = lastEnsured) {
  const binDir = pulumiBinary ? path.dirname(pulumiBinary) : undefined;
  const pluginBeside = binDir !== undefined && existsSync(path.join(binDir, nodejsProviderPlugin));
  const front = [
    ...(binDir ? [binDir] : []),
    path.join(repoRoot, "node_modules", ".bin"),
    ...(pluginBeside ? [] : [pulumiPackageDir]),
  ];
  const rest = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "");
  const pathValue = [...front, ...rest.filter((dir) => !front.includes(dir))].join(path.delimiter);
  return { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", PATH: pathValue, ...extra };
}

/**
 * The Pulumi version pinned by tools/pulumi-cli/go.mod (its `require` of pkg/v3), e.g. `v3.274.1`.
 *
 * @returns {Promise<string>}
 */
export async function pinnedVersion() {
  const goMod = path.join(toolModuleDir, "go.mod");
  const text = await readFile(goMod, "utf8");
  const escaped = pkgModule.replaceAll(".", "\\.").replaceAll("/", "\\/");
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(text);
  if (!match?.[1]) {
    throw new Error(`${goMod}: no require line for ${pkgModule}`);
  }
  return match[1];
}

/**
 * Where the build of `version` is cached.
 *
 * @param {string} version
 * @returns {string}
 */
export function cachedBinaryPath(version) {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  return path.join(cacheHome, "pulumi-smile-links", `pulumi-${version}`, "bin", "pulumi");
}

/**
 * Builds the CLI into a temporary file beside `binary` and renames it into place, so that an
 * interrupted build never leaves a broken `binary`.
 *
 * @param {string} version
 * @param {string} binary
 * @param {(line: string) => void} log
 */
async function buildPulumi(version, binary, log) {
  const go = await whichExecutable("go");
  if (!go) {
    throw new Error(
      `The Pulumi CLI ${version} is not on PATH and not yet built at ${binary}, ` +
        `and building it needs Go, which is not on PATH. ` +
        `Install Go, put pulumi on PATH, or set ${overrideVariable} to a pulumi binary.`,
    );
  }
  const dir = path.dirname(binary);
  await mkdir(dir, { recursive: true });
  await removeStaleTemps(dir);
  const temp = path.join(dir, `.pulumi.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);

  log(
    `Building the Pulumi CLI ${version} from the Go module proxy into ${binary}: ` +
      `this happens once and takes about 4 minutes (longer while Go modules download).`,
  );
  const args = [
    "build",
    "-trimpath",
    "-ldflags",
    `-s -w -X ${versionVariable}=${version}`,
    "-o",
    temp,
    `${pkgModule}/cmd/pulumi`,
  ];
  const goFlags = [process.env.GOFLAGS, "-mod=mod"].filter(Boolean).join(" ");
  try {
    await run(go, args, { cwd: toolModuleDir, env: { ...process.env, GOFLAGS: goFlags } });
    const problem = await versionProblem(temp);
    if (problem) {
      throw new Error(`the built binary does not run: ${problem}`);
    }
    await rename(temp, binary);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`Building the Pulumi CLI ${version} failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

/**
 * Runs a command, keeping the tail of its output for the error it throws on failure.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string; env: Record<string, string | undefined> }} options
 * @returns {Promise<void>}
 */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (/** @type {Buffer} */ chunk) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve();
      } else {
        const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
        reject(new Error(`${command} ${args.join(" ")} ${how}:\n${output.trim()}`));
      }
    });
  });
}

/**
 * Deletes temporary build outputs left by builds that were interrupted long ago (a recent one
 * may belong to a build still running in another process).
 *
 * @param {string} dir
 */
async function removeStaleTemps(dir) {
  for (const name of await readdir(dir)) {
    if (!name.startsWith(".pulumi.tmp-")) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > staleTempMs) {
      await rm(file, { force: true });
    }
  }
}

/**
 * Why `pulumi version` fails with this binary, or undefined when it works.
 *
 * @param {string} binary
 * @returns {Promise<string | undefined>}
 */
async function versionProblem(binary) {
  try {
    const { stdout } = await execFileAsync(binary, ["version"], {
      timeout: 30_000,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    return /^v?\d+\.\d+\.\d+/.test(stdout.trim())
      ? undefined
      : `unexpected output ${JSON.stringify(stdout.trim())}`;
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * The absolute path of `name` on PATH, or undefined.
 *
 * @param {string} name
 * @returns {Promise<string | undefined>}
 */
async function whichExecutable(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.resolve(dir, name);
    if (await isExecutableFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * @param {string} file
 * @returns {Promise<boolean>}
 */
async function isExecutableFile(file) {
  try {
    await access(file, fsConstants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {unknown} error
 * @returns {string}
 */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
