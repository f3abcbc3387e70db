import type * as pulumi from "@pulumi/pulumi";
import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "yaml";
import { linksFileJsonSchema } from "../../provider/codegen/links-file-schema";
import { REPLACE_FIELDS } from "../../provider/link/diff";
import { OUTPUT_FIELDS, OUTPUT_NAMES } from "../../provider/link/output-fields";
import { generatedFiles } from "../../provider/codegen/generated-files";
import { packageSchema } from "../../provider/codegen/package-schema";
import { LINK_EXAMPLES } from "../../provider/codegen/resource-docs";
import type { SmileLink } from "../../provider/dynamic/smile-link";

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

const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

type LinkResourceSpec = {
  description: string;
  inputProperties: Record<string, { willReplaceOnChanges?: boolean }>;
  properties: Record<string, { type: string }>;
  required: string[];
};

const schemaOf = () =>
  packageSchema(version) as Record<string, unknown> & {
    keywords: string[];
    language: Record<string, Record<string, unknown>>;
    resources: Record<string, LinkResourceSpec>;
  };

describe("the native provider's Pulumi package schema", () => {
  it("is the one the model generates (run npm run schema after changing the model)", () => {
    const schema = JSON.parse(readFileSync(path.join(root, "schema/smileid.json"), "utf8"));
    expect(schema).toEqual(packageSchema(version));
  });

  it("names the release's publisher, download location and SDKs, none in Pulumi's namespaces", () => {
    const schema = schemaOf();
    expect(schema).toMatchObject({
      pluginDownloadURL: "github://api.github.com/pulumi-smile-links/pulumi-smile-links",
      publisher: "pulumi-smile-links",
      repository: "https://github.com/pulumi-smile-links/pulumi-smile-links",
      homepage: "https://github.com/pulumi-smile-links/pulumi-smile-links",
      logoUrl:
        "https://raw.githubusercontent.com/pulumi-smile-links/pulumi-smile-links/main/docs/logo.svg",
    });
    expect(schema.keywords).toContain("kind/native");
    expect(schema.language).toMatchObject({
      nodejs: { packageName: "@pulumi-smile-links/smileid" },
      python: { packageName: "smileid_pulumi" },
      go: { importBasePath: "github.com/pulumi-smile-links/pulumi-smile-links/sdk/go/smileid" },
      csharp: { rootNamespace: "PulumiSmileLinks" },
    });
  });

  it("marks exactly the inputs whose change replaces the link willReplaceOnChanges", () => {
    const inputs = schemaOf().resources["smileid:index:SmileLink"]!.inputProperties;
    const marked = Object.keys(inputs).filter((input) => inputs[input]?.willReplaceOnChanges);
    expect(marked).toEqual([...REPLACE_FIELDS]);
  });

  it("documents the resource with an example per language and an Import section", () => {
    const { description } = schemaOf().resources["smileid:index:SmileLink"]!;
    for (const language of ["typescript", "python", "go", "csharp", "yaml"]) {
      expect(description).toContain(`\`\`\`${language}\n`);
    }
    expect(description).toMatch(/{{% examples %}}[\s\S]*{{% \/examples %}}/);
    expect(description).toMatch(
      /## Import[\s\S]*pulumi import smileid:index:SmileLink <name> <refId>/,
    );
  });

  // examples/native-yaml runs in test/engine/native-yaml.test.ts; the Python example runs in
  // test/engine/plugin-install.test.ts; the Go example compiles in test/engine/native-go.test.ts.
  it("has a YAML example that is examples/native-yaml's program, its config at the defaults", () => {
    const docs = parse(LINK_EXAMPLES.yaml);
    const example = parse(
      readFileSync(path.join(root, "examples/native-yaml/Pulumi.yaml"), "utf8"),
    );
    const defaults: Record<string, string> = Object.fromEntries(
      Object.entries(example.config as Record<string, { default: string }>).map(
        ([name, { default: value }]) => [name, value],
      ),
    );
    const resources = JSON.stringify(example.resources).replace(
      /\$\{(\w+)\}/g,
      (reference, name: string) => defaults[name] ?? reference,
    );
    expect(docs.resources).toEqual(JSON.parse(resources));
    expect(example.outputs).toMatchObject(docs.outputs);
  });

  it.each([
    ["ts", "typescript"],
    ["python", "python"],
  ] as const)("has the README's %s example, as the README shows it", (fence, language) => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain(`\`\`\`${fence}\n${LINK_EXAMPLES[language]}\n\`\`\``);
  });

  it("has docs/native-provider.md's Go example, as the page shows it", () => {
    const page = readFileSync(path.join(root, "docs/native-provider.md"), "utf8");
    expect(page).toContain(`\`\`\`go\n${LINK_EXAMPLES.go}\n\`\`\``);
  });

  it("declares each output of the outputs table, required when it is always set", () => {
    const link = schemaOf().resources["smileid:index:SmileLink"]!;
    for (const [output, spec] of Object.entries(OUTPUT_FIELDS)) {
      expect(link.properties[output]?.type).toBe(spec.type);
      expect(link.required.includes(output)).toBe(spec.alwaysSet);
    }
  });
});

describe("the files generated from a link's fields", () => {
  it.each(Object.keys(generatedFiles(version)))(
    "%s is committed as npm run schema writes it",
    (file) => {
      expect(readFileSync(path.join(root, file), "utf8")).toBe(generatedFiles(version)[file]);
    },
  );
});

describe("the SmileLink class's outputs", () => {
  it("are the outputs table's, typed by it", () => {
    expectTypeOf<SmileLink["refId"]>().toEqualTypeOf<pulumi.Output<string>>();
    expectTypeOf<SmileLink["totalJobs"]>().toEqualTypeOf<pulumi.Output<number>>();
    expectTypeOf<SmileLink["createdAt"]>().toEqualTypeOf<pulumi.Output<string | null>>();
    expectTypeOf<SmileLink["logoUrl"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
    expect(OUTPUT_NAMES).toEqual(Object.keys(OUTPUT_FIELDS));
  });
});
