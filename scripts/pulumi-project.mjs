// What `npm run pulumi` needs to know about the command and the project it runs in, to give the
// CLI what a current Pulumi install would: the code-generation host for the commands that
// generate code, the YAML host for a YAML project, and a Python project's virtualenv.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

/** Global flags of the CLI that take their value as the next argument. */
const flagsWithValue = new Set([
  "-C",
  "--cwd",
  "--color",
  "--tracing",
  "--tracing-header",
  "--profiling",
  "--memprofilerate",
  "-v",
  "--verbose",
  "-s",
  "--stack",
]);

/**
 * The command words of `args`, flags and their values left out: `["package", "gen-sdk", "x"]`
 * for `--color never package gen-sdk x --language python`.
 *
 * @param {string[]} args
 * @returns {string[]}
 */
export function commandWords(args) {
  const words = [];
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === "--") break;
    if (arg.startsWith("-")) {
      if (flagsWithValue.has(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}

/**
 * Whether the command asks a language host to write code (GeneratePackage or GenerateProgram):
 * `package gen-sdk` and `import` (the code it prints). `convert` is not among
 * them: it asks for GenerateProject, which no host built here serves.
 *
 * @param {string[]} args
 * @returns {boolean}
 */
export function generatesCode(args) {
  const [first, second] = commandWords(args);
  return first === "import" || (first === "package" && second === "gen-sdk");
}

/**
 * The directory the CLI takes for the project: `--cwd DIR` / `-C DIR` resolved against `cwd`,
 * else `cwd`.
 *
 * @param {string[]} args
 * @param {string} cwd
 * @returns {string}
 */
export function workingDir(args, cwd) {
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === "--") break;
    if ((arg === "-C" || arg === "--cwd") && args[i + 1] !== undefined) {
      return path.resolve(cwd, /** @type {string} */ (args[i + 1]));
    }
    const inline = /^(?:-C|--cwd)=(.+)$/.exec(arg);
    if (inline?.[1]) return path.resolve(cwd, inline[1]);
  }
  return cwd;
}

/**
 * @typedef {object} ProjectRuntime
 * @property {string} root the directory holding Pulumi.yaml
 * @property {string} name the runtime's name: nodejs, python, yaml...
 * @property {string} [virtualenv] `runtime.options.virtualenv`, absolute
 */

/**
 * The runtime of the Pulumi project that `dir` is in, found as the CLI finds it (Pulumi.yaml or
 * Pulumi.yml in `dir` or the nearest parent), or undefined outside a project.
 *
 * @param {string} dir
 * @returns {ProjectRuntime | undefined}
 */
export function projectRuntime(dir) {
  const project = projectFile(dir);
  return project && runtimeOf(project.text, project.root);
}

/**
 * The `backend.url` that the project's Pulumi.yaml names, or undefined.
 *
 * @param {string} dir
 * @returns {string | undefined}
 */
export function projectBackendUrl(dir) {
  const project = projectFile(dir);
  if (!project) return undefined;
  try {
    const url = parse(project.text)?.backend?.url;
    return typeof url === "string" && url !== "" ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The project file that `dir` is in, found as the CLI finds it: Pulumi.yaml or Pulumi.yml in
 * `dir` or the nearest parent.
 *
 * @param {string} dir
 * @returns {{ root: string; text: string } | undefined}
 */
function projectFile(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
      const file = path.join(current, name);
      if (existsSync(file)) return { root: current, text: readFileSync(file, "utf8") };
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * The stack that `args` name with `--stack NAME`, `-s NAME` or `--stack=NAME`, or undefined.
 *
 * @param {string[]} args
 * @returns {string | undefined}
 */
export function stackArg(args) {
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === "--") break;
    if ((arg === "--stack" || arg === "-s") && args[i + 1] !== undefined) return args[i + 1];
    const inline = /^--stack=(.+)$/.exec(arg);
    if (inline?.[1]) return inline[1];
  }
  return undefined;
}

/** `stack` subcommands that work on a stack that must exist. */
const stackSubcommandsOnAStack = new Set([
  "output",
  "export",
  "import",
  "history",
  "tag",
  "graph",
  "change-secrets-provider",
]);

/**
 * Whether the command works on a stack that must already exist: `up`, `preview`, `config`,
 * `stack output` and the like; not `stack init`, `stack select` (which may `--create` it),
 * `stack ls` or `stack rm`.
 *
 * @param {string[]} args
 * @returns {boolean}
 */
export function needsExistingStack(args) {
  const [first, second] = commandWords(args);
  if (first === "stack") return stackSubcommandsOnAStack.has(second ?? "");
  return [
    "up",
    "update",
    "preview",
    "refresh",
    "destroy",
    "import",
    "config",
    "state",
    "cancel",
    "watch",
  ].includes(first ?? "");
}

/**
 * The runtime that a project file's text declares (`runtime: python`, or `runtime: {name,
 * options}`), with a relative virtualenv taken from the project's root as Pulumi does.
 *
 * @param {string} text the contents of Pulumi.yaml
 * @param {string} root the directory holding it
 * @returns {ProjectRuntime | undefined}
 */
export function runtimeOf(text, root) {
  /** @type {any} */
  let project;
  try {
    project = parse(text);
  } catch {
    // The CLI reports a broken Pulumi.yaml better than this script could.
    return undefined;
  }
  const runtime = project?.runtime;
  if (typeof runtime === "string") return { root, name: runtime };
  if (typeof runtime?.name !== "string") return undefined;
  const virtualenv = runtime.options?.virtualenv;
  return {
    root,
    name: runtime.name,
    ...(typeof virtualenv === "string" ? { virtualenv: path.resolve(root, virtualenv) } : {}),
  };
}

/**
 * The variables by which a current Python host runs a program in the project's virtualenv:
 * `VIRTUAL_ENV` set and its `bin` first on PATH. The host this project builds (sdk v3.68.0)
 * never receives the `virtualenv` option, but runs the `python` of an active virtualenv.
 *
 * @param {string} virtualenv absolute
 * @param {string} pathValue the PATH to put its `bin` in front of
 * @returns {{ VIRTUAL_ENV: string; PATH: string }}
 */
export function virtualenvVariables(virtualenv, pathValue) {
  const bin = path.join(virtualenv, process.platform === "win32" ? "Scripts" : "bin");
  return { VIRTUAL_ENV: virtualenv, PATH: [bin, pathValue].join(path.delimiter) };
}
