import { CHANGE_NOTES, changeOf } from "../link/diff";
import { OUTPUT_FIELDS } from "../link/output-fields";
import { INPUT_FIELDS, linkJsonSchema, type InputTable, type JsonSchema } from "../link/fields";
import { DEFAULT_TIMEOUT_SECONDS, SETTING_SOURCES } from "../settings";
import { NATIVE_LINK_TYPE, PACKAGE_NAME } from "../link/type-tokens";
import { LINK_DESCRIPTION } from "./resource-docs";

/**
 * The Pulumi package schema of the native provider `smileid`, generated from the model like the
 * links file's JSON Schema: the inputs, their types, which are required, their defaults and
 * descriptions come from the zod field rules (`linkJsonSchema`), the outputs from the outputs
 * table (link/output-fields.ts), and whether a change updates or replaces from the diff rules.
 * The plugin serves it (GetSchema), `npm run schema` commits it, and `pulumi package gen-sdk`
 * generates each language's SDK from it.
 */

const ID_TYPE_TOKEN = `${PACKAGE_NAME}:index:IdType`;

/** Where the project lives and what its SDKs are called: nothing in Pulumi's own namespaces. */
export const PUBLISHING = {
  repository: "https://github.com/pulumi-smile-links/pulumi-smile-links",
  pluginDownloadURL: "github://api.github.com/pulumi-smile-links/pulumi-smile-links",
  publisher: "pulumi-smile-links",
  logoUrl:
    "https://raw.githubusercontent.com/pulumi-smile-links/pulumi-smile-links/main/docs/logo.svg",
  nodejsPackage: "@pulumi-smile-links/smileid",
  pythonPackage: "smileid_pulumi",
  goImportBasePath: "github.com/pulumi-smile-links/pulumi-smile-links/sdk/go/smileid",
  csharpRootNamespace: "PulumiSmileLinks",
} as const;

type PropertySpec = Record<string, unknown>;

/** Provider settings (stack config `smileid:*`, or `new smileid.Provider(...)` arguments). */
const SETTING_SPECS: Record<keyof typeof SETTING_SOURCES, PropertySpec> = {
  partnerId: { type: "string", description: "Smile ID partner id." },
  apiKey: { type: "string", secret: true, description: "API key that signs each request." },
  environment: {
    type: "string",
    description: "sandbox (default) or production.",
  },
  apiUrl: {
    type: "string",
    description: "API root ending in /v1 (the emulator's url); overrides environment.",
  },
  idTypeCatalog: {
    type: "string",
    description:
      "strict (default), warn or off: how ID types the catalog does not list are treated.",
  },
  adoptOrphans: {
    type: "boolean",
    description: "true for one up after an interrupted run: creates take over the links it made.",
  },
  timeoutSeconds: {
    type: "number",
    description: `How long one request waits for its answer, in seconds (default ${DEFAULT_TIMEOUT_SECONDS}).`,
  },
};

function settingsSpec(): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(SETTING_SPECS).map(([setting, spec]) => {
      const { env } = SETTING_SOURCES[setting as keyof typeof SETTING_SOURCES];
      const description = `${spec.description} Falls back to the ${env} environment variable, read by the plugin.`;
      return [setting, { ...spec, description }];
    }),
  );
}

/** A Pulumi property spec from a zod-generated JSON Schema property. */
function propertyFrom(json: JsonSchema): PropertySpec {
  const spec: PropertySpec = {};
  if (json.type === "array") {
    spec.type = "array";
    spec.items =
      json.items?.type === "object" ? { $ref: `#/types/${ID_TYPE_TOKEN}` } : { type: "string" };
  } else if (json.type === "object") {
    spec.type = "object";
    spec.additionalProperties = { type: "string" };
  } else {
    spec.type = json.type;
  }
  if (json.description) spec.description = json.description;
  if (json.default !== undefined) spec.default = json.default;
  return spec;
}

/** How a change to an input is applied, as the package schema says it (the diff rules). */
function changeRule(
  field: string,
  fields: InputTable,
): { note: string; willReplaceOnChanges?: true } {
  const change = changeOf(field, fields);
  const note = CHANGE_NOTES[change] && ` ${CHANGE_NOTES[change]}`;
  return change === "replace" ? { note, willReplaceOnChanges: true } : { note };
}

/** The package schema, version `version` (the npm package's), of the inputs of `table`. */
export function packageSchema(
  version: string,
  table: InputTable = INPUT_FIELDS,
): Record<string, unknown> {
  const link = linkJsonSchema(table);
  const fields = link.properties ?? {};
  const idType = fields.idTypes?.items ?? {};
  const inputs = Object.fromEntries(
    Object.entries(fields).map(([field, json]) => {
      const spec = propertyFrom(json);
      const { note, ...replaces } = changeRule(field, table);
      return [
        field,
        { ...spec, description: `${spec.description ?? ""}${note}`.trim(), ...replaces },
      ];
    }),
  );
  const withDefaults = Object.keys(fields).filter((field) => fields[field]?.default !== undefined);
  const outputs = Object.fromEntries(
    Object.entries(OUTPUT_FIELDS).map(([field, { type, description }]) => [
      field,
      { type, description },
    ]),
  );
  const requiredOutputs = Object.entries(OUTPUT_FIELDS)
    .filter(([, spec]) => spec.alwaysSet)
    .map(([field]) => field);
  return {
    name: PACKAGE_NAME,
    displayName: "Smile ID",
    version,
    description: "Smile ID's Smile Links (hosted identity-verification pages) as Pulumi resources.",
    keywords: ["pulumi", "smileid", "kyc", "category/utility", "kind/native"],
    homepage: PUBLISHING.repository,
    repository: PUBLISHING.repository,
    publisher: PUBLISHING.publisher,
    logoUrl: PUBLISHING.logoUrl,
    pluginDownloadURL: PUBLISHING.pluginDownloadURL,
    license: "Apache-2.0",
    config: { variables: settingsSpec() },
    provider: {
      description: "The smileid provider: where the Smile Links API is and who signs requests.",
      inputProperties: settingsSpec(),
    },
    types: {
      [ID_TYPE_TOKEN]: {
        type: "object",
        description: idType.description,
        properties: Object.fromEntries(
          Object.entries(idType.properties ?? {}).map(([name, json]) => [name, propertyFrom(json)]),
        ),
        required: idType.required,
      },
    },
    resources: {
      [NATIVE_LINK_TYPE]: {
        description: LINK_DESCRIPTION,
        inputProperties: inputs,
        requiredInputs: link.required,
        properties: { ...inputs, ...outputs },
        required: [...(link.required ?? []), ...withDefaults, ...requiredOutputs],
      },
    },
    language: {
      // The SDKs carry this version, so programs ask the engine for this plugin version.
      nodejs: { packageName: PUBLISHING.nodejsPackage, respectSchemaVersion: true },
      python: {
        packageName: PUBLISHING.pythonPackage,
        respectSchemaVersion: true,
        pyproject: { enabled: true },
      },
      go: { importBasePath: PUBLISHING.goImportBasePath, respectSchemaVersion: true },
      csharp: { rootNamespace: PUBLISHING.csharpRootNamespace, respectSchemaVersion: true },
    },
  };
}
