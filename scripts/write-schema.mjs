// `npm run schema`: writes, from the model (built into dist/), the links file's JSON Schema
// (schema/links-file.schema.json) and the native provider's Pulumi package schema
// (schema/smileid.json, the input of `pulumi package gen-sdk`). A test fails when a committed
// file differs from what the model generates.
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "./ensure-pulumi.mjs";

const require = createRequire(import.meta.url);
const { linksFileJsonSchema } = require("../dist/links-file/schema.js");
const { packageSchema } = require("../dist/native/package-schema.js");
const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));

const files = {
  "links-file.schema.json": linksFileJsonSchema(),
  "smileid.json": packageSchema(version),
};
await mkdir(path.join(repoRoot, "schema"), { recursive: true });
for (const [name, schema] of Object.entries(files)) {
  const target = path.join(repoRoot, "schema", name);
  await writeFile(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path.relative(repoRoot, target)}`);
}
