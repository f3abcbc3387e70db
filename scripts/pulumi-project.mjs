// What `npm run pulumi` needs to know about the project it runs in, to give the CLI what a
// current Pulumi install would: the YAML or Go host for a YAML or Go project, a Python
// project's virtualenv, and the backend its Pulumi.yaml names.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

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
