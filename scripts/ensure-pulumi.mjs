// Finds the Pulumi CLI this project runs and the Node.js language host it runs programs with,
// building them once from the Go module proxy when they are neither given nor on PATH (neither
// can be downloaded here; tools/pulumi-cli and tools/pulumi-language-hosts pin them); and, only
// for what runs a YAML or a Go program, the YAML or Go language host (tools/pulumi-language-yaml,
// tools/pulumi-language-go), as `ensureGoTool` does any such tool (e.g. actionlint).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, copyFile, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { goBuild, isExecutableFile, requiredVersion, whichExecutable } from "./go-build.mjs";
import { messageOf } from "./errors.mjs";

const execFileAsync = promisify(execFile);

/** The repository root (this file lives in `<root>/scripts`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The wrapper Go module whose go.mod pins the Pulumi CLI version. */
const cliModuleDir = path.join(repoRoot, "tools", "pulumi-cli");
const pkgModule = "github.com/pulumi/pulumi/pkg/v3";
/**
 * The wrapper Go module of the language hosts: sdk/v3 v3.68.0, the last release whose module
 * still holds them (later hosts are modules of their own, which the Go module proxy refuses).
 */
const hostsModuleDir = path.join(repoRoot, "tools", "pulumi-language-hosts");
const sdkModule = "github.com/pulumi/pulumi/sdk/v3";
const versionVariable = `${sdkModule}/go/common/version.Version`;
/** The host that runs Node.js programs; it is renamed into place last, so it marks a full install. */
const nodejsHost = "pulumi-language-nodejs";
const hostPackages = [
  `${sdkModule}/python/cmd/pulumi-language-python`,
  `${sdkModule}/nodejs/cmd/${nodejsHost}`,
];
/** The Python host runs this script of its own module version, found beside the host. */
const pythonHostScript = { module: sdkModule, file: "python/cmd/pulumi-language-python-exec" };
/**
 * The wrapper Go module of Pulumi's YAML language host. It is built only for what runs a YAML
 * program (`ensureYamlHost`), not with the CLI: most projects never need it.
 */
const yamlModuleDir = path.join(repoRoot, "tools", "pulumi-language-yaml");
const yamlModule = "github.com/pulumi/pulumi-yaml";
const yamlHost = "pulumi-language-yaml";
/**
 * The wrapper Go module of Pulumi's Go language host: sdk/v3 v3.66.0, the last release whose
 * module still holds it. Built only for what runs a Go program (`ensureGoHost`).
 */
const goModuleDir = path.join(repoRoot, "tools", "pulumi-language-go");
const goHost = "pulumi-language-go";
/** Environment variable naming a `pulumi` binary to use instead of PATH or the cache. */
export const overrideVariable = "SMILE_LINKS_PULUMI";
/**
 * The engine's plugin for dynamic providers, a shell script shipped in `@pulumi/pulumi` that runs
 * `node` on `@pulumi/pulumi/cmd/dynamic-provider` resolved from its working directory.
 */
const nodejsProviderPlugin = "pulumi-resource-pulumi-nodejs";
const pulumiPackageDir = path.join(repoRoot, "node_modules", "@pulumi", "pulumi");

/**
 * @typedef {object} EnsureOptions
 * @property {(line: string) => void} [log] where progress lines go (default: stderr)
 */

/**
 * Returns the absolute path of a working `pulumi` binary, in this order: `$SMILE_LINKS_PULUMI`,
 * `pulumi` on PATH (when `pulumi version` runs), the cached build at
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/pulumi-<version>/bin/pulumi`, or a new build
 * there (needs `go` on PATH; takes a few minutes, once). It also makes sure that the Node.js
 * language host exists (see `languageHostDir`), building it (about a minute, once) if not.
 *
 * @param {EnsureOptions} [options]
 * @returns {Promise<string>}
 */
export async function ensurePulumi({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const binary = await findOrBuildCli(log);
  await ensureLanguageHosts(binary, log);
  return binary;
}

/**
 * @param {(line: string) => void} log
 * @returns {Promise<string>}
 */
async function findOrBuildCli(log) {
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

  const version = requiredVersion(cliModuleDir, pkgModule);
  const binary = path.join(cacheDir(`pulumi-${version}`), "pulumi");
  if (!(await isExecutableFile(binary))) {
    log(
      `Building the Pulumi CLI ${version} from the Go module proxy into ${binary}: ` +
        `this happens once and takes about 4 minutes (longer while Go modules download).`,
    );
    await goBuild({
      moduleDir: cliModuleDir,
      packages: [`${pkgModule}/cmd/pulumi`],
      // The Automation API parses the version the CLI reports.
      ldflags: `-s -w -X ${versionVariable}=${version}`,
      outDir: path.dirname(binary),
      verify: async (dir) => {
        const problem = await versionProblem(path.join(dir, "pulumi"));
        if (problem) throw new Error(`the built binary does not run: ${problem}`);
      },
    }).catch((error) => {
      throw new Error(
        `The Pulumi CLI ${version} is not on PATH and could not be built at ${binary}: ` +
          `${messageOf(error)}. Install Go, put pulumi on PATH, or set ${overrideVariable} ` +
          `to a pulumi binary.`,
        { cause: error },
      );
    });
  }
  await installPluginBeside(binary);
  return binary;
}

/**
 * Where the Pulumi CLI `binary` finds the language hosts: beside itself, as an official install
 * has them (and, for the CLI this project builds, where they are built); otherwise, in a cache
 * directory of this project that `pulumiEnv` puts on PATH.
 *
 * @param {string} binary
 * @returns {string}
 */
export function languageHostDir(binary) {
  const beside = path.dirname(binary);
  if (existsSync(path.join(beside, nodejsHost)) || isCachedCli(binary)) {
    return beside;
  }
  return cacheDir(`pulumi-language-hosts-${requiredVersion(hostsModuleDir, sdkModule)}`);
}

/**
 * Builds `pulumi-language-nodejs` and `pulumi-language-python` (with the script it runs) into
 * `languageHostDir(binary)` unless they are there.
 *
 * @param {string} binary
 * @param {(line: string) => void} log
 */
async function ensureLanguageHosts(binary, log) {
  const dir = languageHostDir(binary);
  if (await isExecutableFile(path.join(dir, nodejsHost))) {
    return;
  }
  const version = requiredVersion(hostsModuleDir, sdkModule);
  log(
    `Building Pulumi's language hosts (${nodejsHost}, pulumi-language-python) of sdk ${version} ` +
      `from the Go module proxy into ${dir}: this happens once and takes about a minute.`,
  );
  await goBuild({
    moduleDir: hostsModuleDir,
    packages: hostPackages,
    ldflags: `-s -w -X ${versionVariable}=${version}`,
    outDir: dir,
    moduleFiles: [pythonHostScript],
  }).catch((error) => {
    throw new Error(
      `The Pulumi CLI at ${binary} has no ${nodejsHost} beside it, and building one into ${dir} ` +
        `failed: ${messageOf(error)}`,
      { cause: error },
    );
  });
}

/**
 * @typedef {object} GoTool a binary built once from the Go module proxy into the cache
 * @property {string} name the binary (its package's last path element), and its cache
 *   directory's name before `-<version>`
 * @property {string} moduleDir the wrapper Go module that pins the version
 * @property {string} module the module whose required version the build is of
 * @property {string} pkg the main package
 * @property {(version: string) => string} ldflags
 * @property {(version: string, dir: string) => string} announce the line logged before building
 * @property {boolean} [namedFailure] a failed build throws `Building <name> into <dir> failed:
 *   <why>`, its error as the cause, instead of that error itself
 */

/**
 * Where `ensureGoTool` builds `tool`:
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/<name>-<version>/bin`.
 *
 * @param {GoTool} tool
 * @returns {string}
 */
function goToolDir(tool) {
  return cacheDir(`${tool.name}-${requiredVersion(tool.moduleDir, tool.module)}`);
}

/**
 * Returns `goToolDir(tool)`, building `tool` there first unless it is there.
 *
 * @param {GoTool} tool
 * @param {(line: string) => void} log
 * @returns {Promise<string>}
 */
export async function ensureGoTool(tool, log) {
  const dir = goToolDir(tool);
  if (await isExecutableFile(path.join(dir, tool.name))) {
    return dir;
  }
  const version = requiredVersion(tool.moduleDir, tool.module);
  log(tool.announce(version, dir));
  await goBuild({
    moduleDir: tool.moduleDir,
    packages: [tool.pkg],
    ldflags: tool.ldflags(version),
    outDir: dir,
  }).catch((error) => {
    if (!tool.namedFailure) throw error;
    throw new Error(`Building ${tool.name} into ${dir} failed: ${messageOf(error)}`, {
      cause: error,
    });
  });
  return dir;
}

/** @type {GoTool} */
const yamlTool = {
  name: yamlHost,
  moduleDir: yamlModuleDir,
  module: yamlModule,
  pkg: `${yamlModule}/cmd/${yamlHost}`,
  ldflags: (version) => `-s -w -X ${yamlModule}/pkg/version.Version=${version.replace(/^v/, "")}`,
  announce: (version, dir) =>
    `Building Pulumi's YAML language host (pulumi-yaml ${version}) from the Go module proxy ` +
    `into ${dir}: this happens once and takes a minute or two.`,
  namedFailure: true,
};

/** @type {GoTool} */
const goTool = {
  name: goHost,
  moduleDir: goModuleDir,
  module: sdkModule,
  pkg: `${sdkModule}/go/${goHost}`,
  ldflags: (version) => `-s -w -X ${versionVariable}=${version}`,
  announce: (version, dir) =>
    `Building Pulumi's Go language host (sdk ${version}) from the Go module proxy into ${dir}: ` +
    `this happens once and takes a minute or two.`,
  namedFailure: true,
};

/**
 * Where `ensureYamlHost` builds `pulumi-language-yaml`:
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/pulumi-language-yaml-<version>/bin`.
 *
 * @returns {string}
 */
export function yamlHostDir() {
  return goToolDir(yamlTool);
}

/**
 * Returns the directory holding `pulumi-language-yaml`, building it there once (slower than the
 * other hosts: pulumi-yaml brings its own pkg/v3 and sdk/v3 to compile). `pulumiEnv` puts it on
 * PATH from then on: the CLI finds language hosts on PATH, not beside a `pulumi` that is a
 * symlink.
 *
 * @param {EnsureOptions} [options]
 * @returns {Promise<string>}
 */
export async function ensureYamlHost({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  return ensureGoTool(yamlTool, log);
}

/**
 * Where `ensureGoHost` builds `pulumi-language-go`:
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/pulumi-language-go-<version>/bin`.
 *
 * @returns {string}
 */
export function goHostDir() {
  return goToolDir(goTool);
}

/**
 * Returns the directory holding `pulumi-language-go`, building it there once (a minute or two;
 * half a minute when Go's build cache holds its packages). `pulumiEnv` puts it on PATH from then
 * on, as it does the YAML host. The host compiles
 * the program with the `go` on PATH.
 *
 * @param {EnsureOptions} [options]
 * @returns {Promise<string>}
 */
export async function ensureGoHost({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  return ensureGoTool(goTool, log);
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
 * update checks off, Node.js's compile cache on (unless NODE_COMPILE_CACHE names one: each
 * program run and plugin start loads `@pulumi/pulumi` and TypeScript anew, and the cache spares
 * compiling them again, about a sixth of a preview's CPU), and on PATH first the binary's
 * directory, the language hosts' directory, the YAML and Go hosts' once `ensureYamlHost` and
 * `ensureGoHost` have built them, and the repository's `node_modules/.bin` (the project's Node,
 * which the language host and the `pulumi-resource-pulumi-nodejs` launcher run as `node`). When
 * no launcher sits beside the
 * binary, `node_modules/@pulumi/pulumi` (where it ships) goes on PATH too: without it the engine
 * tries to download a `pulumi-nodejs` provider.
 *
 * The launcher resolves `@pulumi/pulumi` from its working directory, which the engine sets to the
 * program's directory (for an Automation API inline program: the calling process's cwd, not the
 * workspace's workDir), so run from inside this repository or a project that installs it.
 *
 * @param {Record<string, string | undefined>} extra variables to add or override
 * @param {string | undefined} pulumiBinary the CLI that will run, as `ensurePulumi` returned it
 * @returns {Record<string, string | undefined>}
 */
export function pulumiEnv(extra, pulumiBinary) {
  const binDir = pulumiBinary ? path.dirname(pulumiBinary) : undefined;
  const pluginBeside = binDir !== undefined && existsSync(path.join(binDir, nodejsProviderPlugin));
  const yamlDir = yamlHostDir();
  const goDir = goHostDir();
  const front = [
    ...(binDir ? [binDir] : []),
    ...(pulumiBinary ? [languageHostDir(pulumiBinary)] : []),
    ...(existsSync(path.join(yamlDir, yamlHost)) ? [yamlDir] : []),
    ...(existsSync(path.join(goDir, goHost)) ? [goDir] : []),
    path.join(repoRoot, "node_modules", ".bin"),
    ...(pluginBeside ? [] : [pulumiPackageDir]),
  ];
  const rest = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "");
  const unique = [...new Set(front)];
  const pathValue = [...unique, ...rest.filter((dir) => !unique.includes(dir))].join(
    path.delimiter,
  );
  return {
    ...process.env,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    NODE_COMPILE_CACHE:
      process.env.NODE_COMPILE_CACHE || path.dirname(cacheDir("node-compile-cache")),
    PATH: pathValue,
    ...extra,
  };
}

/**
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-smile-links/<name>/bin`.
 *
 * @param {string} name
 * @returns {string}
 */
export function cacheDir(name) {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  return path.join(cacheHome, "pulumi-smile-links", name, "bin");
}

/**
 * Whether `binary` is the CLI this project builds, whose directory is its own to fill.
 *
 * @param {string} binary
 * @returns {boolean}
 */
function isCachedCli(binary) {
  const version = requiredVersion(cliModuleDir, pkgModule);
  return path.resolve(binary) === path.join(cacheDir(`pulumi-${version}`), "pulumi");
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
