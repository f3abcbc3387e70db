// The native floor's package schema, derived from the one `smileid` serves, so that the floor
// cannot drift from the resource it stands beside.

/** The native floor's plugin name: as long as `smileid`, so that type tokens and URNs are too. */
export const FLOOR_PLUGIN = "floorid";
/** The npm name of the floor's generated SDK. */
export const FLOOR_SDK = "@smile-links-bench/floorid";

/**
 * The native floor's package schema, from `smileid`'s: the same provider settings and plugin
 * server (which names the default provider that every resource's state refers to: 61 B a
 * resource), and two resources with a SmileLink's inputs: `FloorLink`, whose outputs are its
 * inputs (without defaults, which the SDK would send), and `ShapeLink`, with a SmileLink's
 * inputs and outputs.
 *
 * @param {Record<string, any>} served the schema `smileid` serves
 * @param {string} version the floor's version
 * @returns {Record<string, any>}
 */
export function floorSchema(served, version) {
  const link = served.resources[`${served.name}:index:SmileLink`];
  const inputs = Object.fromEntries(
    Object.entries(link.inputProperties).map(([name, { default: _default, ...spec }]) => [
      name,
      spec,
    ]),
  );
  const schema = {
    name: FLOOR_PLUGIN,
    version,
    description: "The benchmark's native floor: resources that do nothing but wait.",
    pluginDownloadURL: served.pluginDownloadURL,
    config: served.config,
    provider: served.provider,
    types: served.types,
    resources: {
      [`${served.name}:index:FloorLink`]: {
        description: "Keeps its inputs as outputs.",
        inputProperties: inputs,
        requiredInputs: link.requiredInputs,
        properties: inputs,
        required: link.requiredInputs,
      },
      [`${served.name}:index:ShapeLink`]: { ...link, description: "Keeps a SmileLink's outputs." },
    },
    language: { nodejs: { packageName: FLOOR_SDK, respectSchemaVersion: true } },
  };
  return JSON.parse(
    JSON.stringify(schema).replaceAll(`${served.name}:index:`, `${FLOOR_PLUGIN}:index:`),
  );
}
