import { linksFileJsonSchema } from "./links-file-schema";
import { referenceMarkdown } from "./reference-page";
import { declarationsSource } from "./declarations-source";
import { packageSchema } from "./package-schema";

/**
 * The committed files generated from a link's fields, by path from the repository root, as
 * `npm run schema` (scripts/write-schema.mjs) writes them; a unit test compares them with the
 * committed ones. `version` is the npm package's: the package schema carries it.
 */
export function generatedFiles(version: string): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    "schema/links-file.schema.json": json(linksFileJsonSchema()),
    "schema/smileid.json": json(packageSchema(version)),
    "docs/reference.md": referenceMarkdown(),
    "provider/dynamic/declarations.ts": declarationsSource(),
  };
}
