// `npm run schema`: writes schema/links-file.schema.json from the model (built into dist/).
// A test fails when the committed file differs from what the model generates.
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "./ensure-pulumi.mjs";

const { linksFileJsonSchema } = createRequire(import.meta.url)("../dist/links-file/schema.js");
const target = path.join(repoRoot, "schema", "links-file.schema.json");
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, `${JSON.stringify(linksFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(repoRoot, target)}`);
