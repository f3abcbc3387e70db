// What a stack stores per link, read from `pulumi stack export`: its size, what it is made of,
// and the serialized provider (`__provider`) that pulumi.dynamic.Resource puts in each link's
// inputs and outputs.
import { Buffer } from "node:buffer";

export const LINK_TYPE = "pulumi-nodejs:dynamic/smileid:SmileLink";
export const NATIVE_LINK_TYPE = "smileid:index:SmileLink";
/** The resources each program of the benchmark declares (project/index.js). */
export const RESOURCE_TYPES = {
  ours: LINK_TYPE,
  floor: "pulumi-nodejs:dynamic/smileid:FloorLink",
  shaped: "pulumi-nodejs:dynamic/smileid:ShapeLink",
  native: NATIVE_LINK_TYPE,
  nativeFloor: "floorid:index:FloorLink",
  nativeShaped: "floorid:index:ShapeLink",
};

/**
 * @typedef {object} StateSize
 * @property {number} links SmileLink resources in the stack
 * @property {number} exportBytes the whole export
 * @property {number} stateBytesPerLink the whole export over the links
 * @property {number} providerCopiesPerLink `__provider` strings per link
 * @property {string} providerPlaces where they are, e.g. `inputs, outputs`
 * @property {number} providerBytesPerCopy one copy as stored (JSON-escaped, quotes excluded)
 * @property {number} providerBytesPerLink all copies of one link
 * @property {number} providerTextBytes the provider's source text, unescaped
 * @property {number} distinctProviders different `__provider` texts in the stack
 * @property {string} providerText one of them
 * @property {Composition} compact one resource as the checkpoint file stores it (compact JSON),
 *   the mean over the stack's resources of `type`
 */

/**
 * @typedef {object} Composition bytes of compact JSON
 * @property {number} total the whole resource
 * @property {number} provider `"__provider":"..."`, both copies
 * @property {number} inputs the other inputs, as one object
 * @property {number} outputs the other outputs, as one object
 * @property {number} engine the rest: urn, id, type, parent, provider reference, property
 *   dependencies, timestamps, source position and stack trace, and the keys around them
 */

/**
 * @param {string} exportText
 * @param {string} [type] the resources measured
 * @returns {StateSize}
 */
export function measureState(exportText, type = LINK_TYPE) {
  const { deployment } = JSON.parse(exportText);
  const links = (deployment.resources ?? []).filter(
    (/** @type {{ type: string }} */ resource) => resource.type === type,
  );
  if (links.length === 0) {
    throw new Error(`the stack export holds no ${type} resource`);
  }
  /** @type {string[]} */
  const texts = [];
  /** @type {Set<string>} */
  const places = new Set();
  for (const link of links) {
    for (const place of ["inputs", "outputs"]) {
      const text = link[place]?.__provider;
      if (typeof text !== "string") continue;
      texts.push(text);
      places.add(place);
    }
  }
  // The bytes as stored: the string tokens of the export itself, with the CLI's own escaping.
  const stored = [...exportText.matchAll(/"__provider":\s*"((?:[^"\\]|\\.)*)"/g)].map((match) =>
    Buffer.byteLength(match[1]),
  );
  if (stored.length !== texts.length) {
    throw new Error(
      `found ${stored.length} "__provider" strings in the export text but ${texts.length} in its links`,
    );
  }
  const storedTotal = stored.reduce((sum, bytes) => sum + bytes, 0);
  const exportBytes = Buffer.byteLength(exportText);
  return {
    links: links.length,
    exportBytes,
    stateBytesPerLink: Math.round(exportBytes / links.length),
    providerCopiesPerLink: texts.length / links.length,
    providerPlaces: [...places].join(", "),
    providerBytesPerCopy: Math.round(storedTotal / texts.length),
    providerBytesPerLink: Math.round(storedTotal / links.length),
    providerTextBytes: Buffer.byteLength(texts[0] ?? ""),
    distinctProviders: new Set(texts).size,
    providerText: texts[0] ?? "",
    compact: meanComposition(links),
  };
}

/**
 * @param {Record<string, any>[]} resources
 * @returns {Composition}
 */
function meanComposition(resources) {
  const bytes = (/** @type {unknown} */ value) => Buffer.byteLength(JSON.stringify(value));
  const sums = { total: 0, provider: 0, inputs: 0, outputs: 0, engine: 0 };
  for (const resource of resources) {
    const total = bytes(resource);
    let rest = total;
    for (const place of /** @type {const} */ (["inputs", "outputs"])) {
      const { __provider: text, ...others } = resource[place] ?? {};
      // `"__provider":"...",` with its comma, as it sits among the other properties.
      const provider = text === undefined ? 0 : bytes({ __provider: text }) - 2 + 1;
      const other = bytes(others);
      sums.provider += provider;
      sums[place] += other;
      rest -= provider + other;
    }
    sums.total += total;
    sums.engine += rest;
  }
  const mean = (/** @type {number} */ sum) => Math.round(sum / resources.length);
  return {
    total: mean(sums.total),
    provider: mean(sums.provider),
    inputs: mean(sums.inputs),
    outputs: mean(sums.outputs),
    engine: mean(sums.engine),
  };
}
