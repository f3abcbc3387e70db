// Builds binaries from the Go module proxy into a cache directory, so that a build cut short
// never leaves a broken file where a later run would take it for a finished one.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants as fsConstants, readFileSync } from "node:fs";
import { access, chmod, copyFile, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Temporary build directories older than this are leftovers of an interrupted build. */
const staleTempMs = 24 * 60 * 60 * 1000;
const tempPrefix = ".build.tmp-";

/**
 * @typedef {object} GoBuild
 * @property {string} moduleDir the wrapper Go module that pins the packages' versions
 * @property {string[]} packages main packages; each binary is named after its directory
 * @property {string} ldflags
 * @property {string} outDir where the binaries end up
 * @property {{ module: string; file: string }[]} [moduleFiles] files of a required module to
 *   install beside the binaries (`file` relative to the module's root), executable
 * @property {(dir: string) => Promise<void>} [verify] checks the fresh build in its temporary
 *   directory; throws to reject it
 */

/**
 * Builds `packages` into a temporary directory inside `outDir`, then renames each file into
 * place, the last package's binary last: a caller that checks for that one sees either a
 * complete install or none.
 *
 * @param {GoBuild} build
 * @returns {Promise<void>}
 */
export async function goBuild({ moduleDir, packages, ldflags, outDir, moduleFiles = [], verify }) {
  const go = await whichExecutable("go");
  if (!go) {
    throw new Error("building it needs Go, which is not on PATH");
  }
  await mkdir(outDir, { recursive: true });
  await removeStaleTemps(outDir);
  const temp = path.join(outDir, `${tempPrefix}${process.pid}-${randomBytes(4).toString("hex")}`);
  // -mod=mod: a go.sum that misses a line for this platform is completed instead of refused.
  const env = {
    ...process.env,
    GOFLAGS: [process.env.GOFLAGS, "-mod=mod"].filter(Boolean).join(" "),
  };
  try {
    await mkdir(temp);
    await run(go, ["build", "-trimpath", "-ldflags", ldflags, "-o", `${temp}/`, ...packages], {
      cwd: moduleDir,
      env,
    });
    const names = [];
    for (const { module, file } of moduleFiles) {
      const { stdout } = await execFileAsync(go, ["list", "-m", "-f", "{{.Dir}}", module], {
        cwd: moduleDir,
        env,
      });
      const name = path.basename(file);
      await copyFile(path.join(stdout.trim(), file), path.join(temp, name));
      await chmod(path.join(temp, name), 0o755);
      names.push(name);
    }
    names.push(...packages.map((pkg) => path.basename(pkg)));
    await verify?.(temp);
    for (const name of names) {
      await rename(path.join(temp, name), path.join(outDir, name));
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * The version of `module` that the go.mod in `moduleDir` requires, e.g. `v3.274.1`.
 *
 * @param {string} moduleDir
 * @param {string} module
 * @returns {string}
 */
export function requiredVersion(moduleDir, module) {
  const goMod = path.join(moduleDir, "go.mod");
  const text = readFileSync(goMod, "utf8");
  const escaped = module.replaceAll(".", "\\.").replaceAll("/", "\\/");
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(text);
  if (!match?.[1]) {
    throw new Error(`${goMod}: no require line for ${module}`);
  }
  return match[1];
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
 * Deletes temporary build directories left by builds that were interrupted long ago (a recent
 * one may belong to a build still running in another process).
 *
 * @param {string} dir
 */
async function removeStaleTemps(dir) {
  for (const name of await readdir(dir)) {
    if (!name.startsWith(tempPrefix)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > staleTempMs) {
      await rm(file, { recursive: true, force: true });
    }
  }
}

/**
 * The absolute path of `name` on PATH, or undefined.
 *
 * @param {string} name
 * @returns {Promise<string | undefined>}
 */
export async function whichExecutable(name) {
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
export async function isExecutableFile(file) {
  try {
    await access(file, fsConstants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
