// `npm run schema`: writes, from the model (built into dist/), the files generated from a link's
// fields: the links file's JSON Schema (schema/links-file.schema.json), the native provider's
// Pulumi package schema (schema/smileid.json, the input of `pulumi package gen-sdk`) and the
// inputs and outputs reference (docs/reference.md). A test fails when a committed file differs
// from what the model generates.
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "./ensure-pulumi.mjs";

const require = createRequire(import.meta.url);
const { generatedFiles } = require("../dist/codegen/generated-files.js");
const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));

for (const [file, text] of Object.entries(generatedFiles(version))) {
  const target = path.join(repoRoot, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
  console.log(`wrote ${file}`);
}
