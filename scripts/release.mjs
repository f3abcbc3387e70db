// `npm run release` (after `npm run build`): writes release/ for package.json's version, with
// the plugin as a standalone executable for each platform npm has a Node.js binary for, the
// Python SDK (wheel and sdist), the Node.js SDK and the package itself as npm tarballs, the Go
// SDK's module, and SHA256SUMS over all of it. scripts/release/ holds one builder per artifact.
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot } from "./ensure-pulumi.mjs";
import { writeChecksums } from "./release/checksums.mjs";
import { buildGoSdk } from "./release/go-sdk.mjs";
import { MissingNodeBinary } from "./release/node-binary.mjs";
import { buildNodejsSdk } from "./release/nodejs-sdk.mjs";
import { packPackage } from "./release/package-tarball.mjs";
import { buildPluginArchive } from "./release/plugin.mjs";
import { buildPythonSdk } from "./release/python-sdk.mjs";
import { packageVersion } from "./release/schema.mjs";
import { TARGETS, targetName } from "./release/targets.mjs";

const outDir = path.join(repoRoot, "release");
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

const started = performance.now();
const version = packageVersion();
log(`Building release ${version} into ${path.relative(process.cwd(), outDir) || "."}/`);
// Only this version's files: SHA256SUMS covers the whole folder.
await rm(outDir, { recursive: true, force: true });

const files = [];
const skipped = [];
for (const target of TARGETS) {
  log(`plugin ${targetName(target)}`);
  try {
    files.push(await buildPluginArchive({ target, outDir, log }));
  } catch (error) {
    if (!(error instanceof MissingNodeBinary)) throw error;
    skipped.push(`${targetName(target)}: ${error.message}`);
    log(`  skipped: ${error.message}`);
  }
}
log("Python SDK");
const { wheel, sdist } = await buildPythonSdk({ outDir, log });
files.push(wheel, sdist);
log("Node.js SDK");
files.push(await buildNodejsSdk({ outDir, log }));
log("Go SDK");
files.push(await buildGoSdk({ outDir, log }));
log("package tarball");
files.push(await packPackage({ outDir }));
files.push(await writeChecksums(outDir));

for (const file of files) {
  const { size } = await stat(file);
  console.log(`${(size / 1e6).toFixed(2).padStart(8)} MB  ${path.relative(repoRoot, file)}`);
}
for (const reason of skipped) console.log(`not built: ${reason}`);
console.log(
  "The macOS and Windows executables are unsigned: injecting the plugin invalidates the " +
    "signature of the Node.js binary they are made from. Only linux-amd64 is tested here.",
);
console.log(`release ${version} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
