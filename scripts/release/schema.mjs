// What a release is built from: the package's version and the package schema that the built
// plugin (dist/) serves for it, the one source of the SDKs' names and the plugin's server.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../ensure-pulumi.mjs";

const require = createRequire(import.meta.url);

/**
 * The npm package's version, which the plugin, its archives and the SDKs all carry.
 *
 * @returns {string}
 */
export function packageVersion() {
  return JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
}

/**
 * The package schema the plugin serves (GetSchema), from `dist/`: run `npm run build` first.
 *
 * @returns {{ name: string; version: string; pluginDownloadURL?: string } & Record<string, unknown>}
 */
export function servedSchema() {
  const { packageSchema } = require(path.join(repoRoot, "dist", "codegen", "package-schema.js"));
  return packageSchema(packageVersion());
}
