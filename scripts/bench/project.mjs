// The Pulumi projects the benchmark runs, as users' would be: directories of their own outside
// the repository, one program (project/index.js), packages installed from npm tarballs.
// - `launcher`: pulumi-smile-links from its `npm pack` tarball (so the package lives under
//   node_modules, where Pulumi serializes its provider differently than in this repository),
//   the floors' package the same way, and the Node.js SDKs of smileid and of the native floor;
//   Pulumi.yaml points the engine at each plugin's launcher in node_modules
//   (docs/native-provider.md, "Installing from the npm package").
// - `standalone`: only the two SDKs, as a user of the release installs them; the plugins are the
//   release's standalone executables, installed with `pulumi plugin install --file` into the
//   benchmark's own PULUMI_HOME (docs/native-provider.md, "Installing from a release").
import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { repoRoot } from "../ensure-pulumi.mjs";
import { FLOOR_PLUGIN, FLOOR_SDK } from "./floor-schema.mjs";

const execFileAsync = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_NAME = "smile-links-bench";

/** @typedef {"launcher" | "standalone"} Install how the native plugins are installed */
/** @typedef {Record<Install, string>} BenchProjects each project's directory */

/**
 * Packs this package (built already) and the floors' (staged by `nativeBuilds`), makes both
 * projects with the `@pulumi/pulumi` this repository develops with, and installs the standalone
 * plugins. `env` must name the benchmark's PULUMI_HOME.
 *
 * @param {object} options
 * @param {string} options.dir
 * @param {string} options.binary the Pulumi CLI
 * @param {Record<string, string>} options.env
 * @param {import("./native-builds.mjs").NativeBuilds} options.builds
 * @param {(line: string) => void} options.log
 * @returns {Promise<BenchProjects>}
 */
export async function createBenchProjects({ dir, binary, env, builds, log }) {
  log("projects: packing pulumi-smile-links and the floors, installing them in new projects");
  const ours = await pack(repoRoot, dir, env);
  const floor = await pack(builds.floorPackage, dir, env);
  const sdk = JSON.parse(
    await readFile(
      path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"),
      "utf8",
    ),
  ).version;
  const sdks = {
    "@pulumi-smile-links/smileid": `file:${builds.plugins.smileid.sdk}`,
    [FLOOR_SDK]: `file:${builds.plugins.floorid.sdk}`,
  };
  const launcher = await createProject({
    project: path.join(dir, "project"),
    name: PROJECT_NAME,
    dependencies: {
      "@pulumi/pulumi": sdk,
      "pulumi-smile-links": `file:${ours}`,
      "smile-links-floor": `file:${floor}`,
      ...sdks,
    },
    plugins: [
      ["smileid", "./node_modules/pulumi-smile-links/bin"],
      [FLOOR_PLUGIN, "./node_modules/smile-links-floor/bin"],
    ],
    env,
  });
  const standalone = await createProject({
    project: path.join(dir, "project-standalone"),
    // The same name, so that URNs (and so state) are as long in both projects.
    name: PROJECT_NAME,
    dependencies: { "@pulumi/pulumi": sdk, ...sdks },
    plugins: [],
    env,
  });
  for (const [name, { version, archive }] of Object.entries(builds.plugins)) {
    log(`projects: pulumi plugin install resource ${name} ${version} --file ${archive}`);
    await execFileAsync(
      binary,
      ["plugin", "install", "resource", name, version, "--file", archive],
      { cwd: standalone, env },
    );
  }
  return { launcher, standalone };
}

/**
 * @param {object} options
 * @param {string} options.project its directory, made here
 * @param {string} options.name
 * @param {Record<string, string>} options.dependencies
 * @param {[string, string][]} options.plugins name and path of each plugin for Pulumi.yaml
 * @param {Record<string, string>} options.env
 * @returns {Promise<string>}
 */
async function createProject({ project, name, dependencies, plugins, env }) {
  await mkdir(project);
  const manifest = { name, private: true, main: "index.js", dependencies };
  await writeFile(path.join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(path.join(project, "Pulumi.yaml"), pulumiYaml(name, plugins));
  await copyFile(path.join(here, "project", "index.js"), path.join(project, "index.js"));
  await execFileAsync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: project,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return project;
}

/**
 * @param {string} name
 * @param {[string, string][]} plugins
 * @returns {string}
 */
function pulumiYaml(name, plugins) {
  const lines = [`name: ${name}`, "runtime: nodejs"];
  if (plugins.length > 0) {
    lines.push("plugins:", "  providers:");
    for (const [plugin, where] of plugins) {
      lines.push(`    - name: ${plugin}`, `      path: ${where}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `npm pack` of the package in `source`, into `destination`.
 *
 * @param {string} source
 * @param {string} destination
 * @param {Record<string, string>} env
 * @returns {Promise<string>}
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
