import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { linksFileJsonSchema } from "../../provider/links-file/schema";
import { packageSchema } from "../../provider/native/package-schema";

const root = path.resolve(__dirname, "../..");
const committed = JSON.parse(
  readFileSync(path.join(root, "schema/links-file.schema.json"), "utf8"),
);
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(committed);

const EXAMPLE_FILES = ["links.yaml", "links.production.yaml", "examples/links-file/links.yaml"];

describe("the links file JSON Schema", () => {
  it("is the one the model generates (run npm run schema after changing a rule)", () => {
    expect(committed).toEqual(linksFileJsonSchema());
  });

  it.each(EXAMPLE_FILES)("accepts the example %s", (file) => {
    const links = parse(readFileSync(path.join(root, file), "utf8"));
    expect(validate(links), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects a misspelt input", () => {
    expect(validate({ links: { a: { callbakUrl: "https://x.example" } } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: "additionalProperties" });
  });

  it("rejects an unknown verification method", () => {
    const idTypes = [{ country: "NG", idType: "BVN", verificationMethod: "selfie" }];
    expect(validate({ links: { a: { idTypes } } })).toBe(false);
  });

  it("is named in each example file for editors", () => {
    for (const file of EXAMPLE_FILES) {
      expect(readFileSync(path.join(root, file), "utf8")).toMatch(
        /^# yaml-language-server: \$schema=/,
      );
    }
  });
});

describe("the native provider's Pulumi package schema", () => {
  it("is the one the model generates (run npm run schema after changing the model)", () => {
    const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    const schema = JSON.parse(readFileSync(path.join(root, "schema/smileid.json"), "utf8"));
    expect(schema).toEqual(packageSchema(version));
  });
});
