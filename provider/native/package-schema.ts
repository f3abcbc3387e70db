import { IN_PLACE_FIELDS, REPLACE_FIELDS } from "../model/diff";
import { linkJsonSchema, type LinkField } from "../model/schema";
import type { SmileLinkInputs, SmileLinkOutputs } from "../model/types";
import { SETTING_SOURCES } from "../settings";

/**
 * The Pulumi package schema of the native provider `smileid`, generated from the model like the
 * links file's JSON Schema: the inputs, their types, which are required, their defaults and
 * descriptions come from the zod field rules (`linkJsonSchema`), and whether a change updates or
 * replaces from the diff rules. The plugin serves it (GetSchema), and `pulumi package gen-sdk`
 * generates each language's SDK from it.
 */

export const PACKAGE_NAME = "smileid";
export const LINK_TOKEN = `${PACKAGE_NAME}:index:SmileLink`;
const ID_TYPE_TOKEN = `${PACKAGE_NAME}:index:IdType`;

type JsonSchema = {
  type?: string;
  description?: string;
  default?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
};

type PropertySpec = Record<string, unknown>;

type OutputField = Exclude<keyof SmileLinkOutputs, keyof SmileLinkInputs>;

/** The outputs besides the inputs (CONTRACT.md, "Outputs"); the type makes this list complete. */
const OUTPUTS: Record<OutputField, PropertySpec & { required?: true }> = {
  refId: { type: "string", description: "The API's ref_id; also the resource id.", required: true },
  url: {
    type: "string",
    description: "The link to share; a secret output for single-use links.",
    required: true,
  },
  createdAt: { type: "string", description: "When the link was made (filled by a refresh)." },
  updatedAt: { type: "string", description: "When the link last changed (filled by a refresh)." },
  disabledAt: { type: "string", description: "When the link was disabled, if it is." },
  totalJobs: { type: "integer", description: "Jobs run through the link.", required: true },
  successfulJobs: { type: "integer", description: "Jobs that passed.", required: true },
  failedJobs: { type: "integer", description: "Jobs that failed.", required: true },
  apiUrl: { type: "string", description: "The API root the link lives at.", required: true },
  partnerId: { type: "string", description: "The partner the link belongs to.", required: true },
};

/** Provider settings (stack config `smileid:*`, or `new smileid.Provider(...)` arguments). */
const SETTINGS: Record<keyof typeof SETTING_SOURCES, PropertySpec> = {
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
};

function settingsSpec(): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(SETTINGS).map(([setting, spec]) => {
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

function changeNote(field: LinkField): string {
  if ((IN_PLACE_FIELDS as readonly string[]).includes(field)) return " Changes in place.";
  return REPLACE_FIELDS.includes(field) ? " Changing it replaces the link." : "";
}

/** The package schema, version `version` (the npm package's). */
export function packageSchema(version: string): Record<string, unknown> {
  const link = linkJsonSchema() as JsonSchema;
  const fields = link.properties ?? {};
  const idType = fields.idTypes?.items ?? {};
  const inputs = Object.fromEntries(
    Object.entries(fields).map(([field, json]) => {
      const spec = propertyFrom(json);
      const description = `${spec.description ?? ""}${changeNote(field as LinkField)}`.trim();
      return [field, { ...spec, description }];
    }),
  );
  const withDefaults = Object.keys(fields).filter((field) => fields[field]?.default !== undefined);
  const outputs = Object.fromEntries(
    Object.entries(OUTPUTS).map(([field, { required: _required, ...spec }]) => [field, spec]),
  );
  const requiredOutputs = Object.entries(OUTPUTS)
    .filter(([, spec]) => spec.required)
    .map(([field]) => field);
  return {
    name: PACKAGE_NAME,
    displayName: "Smile ID",
    version,
    description: "Smile ID's Smile Links (hosted identity-verification pages) as Pulumi resources.",
    keywords: ["pulumi", "smileid", "kyc", "category/utility"],
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
      [LINK_TOKEN]: {
        description:
          "A Smile Link: Smile ID's hosted verification page. Deleting it disables the link.",
        inputProperties: inputs,
        requiredInputs: link.required,
        properties: { ...inputs, ...outputs },
        required: [...(link.required ?? []), ...withDefaults, ...requiredOutputs],
      },
    },
    language: {
      // The SDKs carry this version, so programs ask the engine for this plugin version.
      nodejs: { respectSchemaVersion: true },
      python: { respectSchemaVersion: true, pyproject: { enabled: true } },
    },
  };
}
