// The Python SDK as a wheel and an sdist, built with PyPA's `build` from the SDK that
// `pulumi package gen-sdk` writes.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ensurePythonTools } from "../python-tools.mjs";
import { generateSdk } from "./gen-sdk.mjs";
import { servedSchema } from "./schema.mjs";

const execFileAsync = promisify(execFile);

/**
 * PyPA's `build` and the backend the generated pyproject.toml names, installed once into a
 * virtualenv of their own; builds run in it (--no-isolation) instead of fetching the backend
 * from PyPI each time.
 */
const BUILD_TOOLS = ["build==1.6.1", "setuptools==84.2.1"];

/**
 * Builds the Python SDK's wheel and sdist into `outDir` and returns their paths.
 *
 * @param {{ outDir: string; log?: (line: string) => void }} options
 * @returns {Promise<{ wheel: string; sdist: string }>}
 */
export async function buildPythonSdk({ outDir, log = () => {} }) {
  const work = await mkdtemp(path.join(tmpdir(), "smile-links-python-sdk-"));
  try {
    const sdkDir = await generateSdk({ language: "python", outDir: work, log });
    const packageDir = await pluginPackageDir(sdkDir);
    await checkPluginJson(packageDir, servedSchema());
    // The generated pyproject.toml names README.md at the SDK's root; gen-sdk writes it inside
    // the package folder.
    if (!existsSync(path.join(sdkDir, "README.md"))) {
      await copyFile(path.join(packageDir, "README.md"), path.join(sdkDir, "README.md"));
    }
    const dist = path.join(work, "dist");
    const python = path.join(
      await ensurePythonTools("python-build", BUILD_TOOLS, { log }),
      "python",
    );
    // Builds the sdist, then the wheel from the sdist: what the sdist lacks, the wheel lacks.
    const args = ["-m", "build", "--no-isolation", "--outdir", dist, sdkDir];
    await execFileAsync(python, args).catch((error) => {
      throw new Error(`python -m build ${sdkDir} failed:\n${error.stdout}${error.stderr}`, {
        cause: error,
      });
    });
    const built = await readdir(dist);
    const wheel = built.find((file) => file.endsWith(".whl"));
    const sdist = built.find((file) => file.endsWith(".tar.gz"));
    if (!wheel || !sdist) throw new Error(`python -m build wrote ${built.join(", ")}`);
    await mkdir(outDir, { recursive: true });
    for (const file of [wheel, sdist]) {
      await copyFile(path.join(dist, file), path.join(outDir, file));
    }
    return { wheel: path.join(outDir, wheel), sdist: path.join(outDir, sdist) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The SDK's package folder: the one holding `pulumi-plugin.json`, which tells the engine which
 * plugin the package needs.
 *
 * @param {string} sdkDir
 * @returns {Promise<string>}
 */
async function pluginPackageDir(sdkDir) {
  const entries = await readdir(sdkDir, { withFileTypes: true });
  const found = entries.filter(
    (entry) =>
      entry.isDirectory() && existsSync(path.join(sdkDir, entry.name, "pulumi-plugin.json")),
  );
  if (found.length !== 1) {
    throw new Error(`expected one package with a pulumi-plugin.json in ${sdkDir}`);
  }
  return path.join(sdkDir, found[0].name);
}

/**
 * Why `pluginJson` (a parsed `pulumi-plugin.json`) does not name the plugin that `schema`
 * describes, or undefined when it does.
 *
 * @param {Record<string, unknown>} pluginJson
 * @param {{ name: string; pluginDownloadURL?: string }} schema
 * @returns {string | undefined}
 */
export function pluginJsonProblem(pluginJson, schema) {
  const expected = { resource: true, name: schema.name, server: schema.pluginDownloadURL };
  const wrong = Object.entries(expected).filter(([key, value]) => pluginJson[key] !== value);
  return wrong.length === 0
    ? undefined
    : `pulumi-plugin.json has ${wrong.map(([key]) => `${key}=${JSON.stringify(pluginJson[key])}`).join(", ")}, ` +
        `expected ${wrong.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(", ")}`;
}

/**
 * @param {string} packageDir
 * @param {{ name: string; pluginDownloadURL?: string }} schema
 */
async function checkPluginJson(packageDir, schema) {
  const file = path.join(packageDir, "pulumi-plugin.json");
  const problem = pluginJsonProblem(JSON.parse(await readFile(file, "utf8")), schema);
  if (problem) throw new Error(`${file}: ${problem}`);
}
