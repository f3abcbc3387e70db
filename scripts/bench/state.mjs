// What a stack stores per link, read from `pulumi stack export`: its size, and the serialized
// provider (`__provider`) that pulumi.dynamic.Resource puts in each link's inputs and outputs.
import { Buffer } from "node:buffer";

export const LINK_TYPE = "pulumi-nodejs:dynamic/smileid:SmileLink";

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
 */

/**
 * @param {string} exportText
 * @returns {StateSize}
 */
export function measureState(exportText) {
  const { deployment } = JSON.parse(exportText);
  const links = (deployment.resources ?? []).filter(
    (/** @type {{ type: string }} */ resource) => resource.type === LINK_TYPE,
  );
  if (links.length === 0) {
    throw new Error(`the stack export holds no ${LINK_TYPE} resource`);
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
  };
}
