import { INPUT_FIELDS, linkJsonSchema, type InputTable } from "../link/fields";

/**
 * The JSON Schema of a links file, generated from the model's field rules (no rule is
 * written twice). Required inputs are not required per link here, since `defaults` may
 * supply them; `smile-links validate` checks that, and the rules that span fields.
 */
export function linksFileJsonSchema(table: InputTable = INPUT_FIELDS): Record<string, unknown> {
  const { $schema, required: _required, ...link } = linkJsonSchema(table);
  const { adoptRefId: _adoptRefId, ...defaultable } = link.properties ?? {};
  return {
    $schema,
    title: "Smile Links file (pulumi-smile-links)",
    description:
      "Smile Links as code. Keys are SmileLink inputs in camelCase; `defaults` is merged under every link.",
    type: "object",
    properties: {
      defaults: { ...link, properties: defaultable, description: "Inputs shared by every link." },
      links: {
        type: "object",
        description: "Each link by its Pulumi resource name.",
        additionalProperties: link,
      },
    },
    required: ["links"],
    additionalProperties: false,
  };
}
