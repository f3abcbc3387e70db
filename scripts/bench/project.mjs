// The Pulumi project the benchmark runs, as a user's would be: its own directory outside the
// repository, with pulumi-smile-links installed from its `npm pack` tarball (so the package lives
// under node_modules, where Pulumi serializes its provider differently than in this repository)
// and the floor's package installed the same way.
import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { repoRoot } from "../ensure-pulumi.mjs";

const execFileAsync = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_NAME = "smile-links-bench";

/**
 * Packs this package (built already) and the floor's, then installs both, with the
 * `@pulumi/pulumi` this repository develops with, into `<dir>/project`.
 *
 * @param {{ dir: string; env: Record<string, string>; log: (line: string) => void }} options
 * @returns {Promise<string>} the project's directory
 */
export async function createBenchProject({ dir, env, log }) {
  const project = path.join(dir, "project");
  await mkdir(project);
  log("project: packing pulumi-smile-links and the floor, installing them in a new project");
  const ours = await pack(repoRoot, dir, env);
  const floor = await pack(path.join(here, "floor"), dir, env);
  const sdk = JSON.parse(
    await readFile(
      path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"),
      "utf8",
    ),
  );
  const manifest = {
    name: PROJECT_NAME,
    private: true,
    main: "index.js",
    dependencies: {
      "@pulumi/pulumi": sdk.version,
      "pulumi-smile-links": `file:${ours}`,
      "smile-links-floor": `file:${floor}`,
    },
  };
  await writeFile(path.join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(path.join(project, "Pulumi.yaml"), `name: ${PROJECT_NAME}\nruntime: nodejs\n`);
  await copyFile(path.join(here, "project", "index.js"), path.join(project, "index.js"));
  await execFileAsync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: project,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return project;
}

/**
 * `npm pack` of the package in `source`, into `destination`.
 *
 * @param {string} source
 * @param {string} destination
 * @param {Record<string, string>} env
 * @returns {Promise<string>} the tarball's path
 */
async function pack(source, destination, env) {
  const { stdout } = await execFileAsync(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", destination],
    { cwd: source, env },
  );
  const [{ filename }] = JSON.parse(stdout);
  return path.join(destination, filename);
}
