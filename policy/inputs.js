// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- the pack is CommonJS, as run-policy-pack loads it */
// What a policy sees of a Smile Link: its type, its name and its inputs as the engine checked
// them, with values not known until the update (an output of another resource, at preview)
// marked as such rather than read.

const { LINK_TYPES } = require("../dist/link/type-tokens.js");
const { URL_FIELDS } = require("../dist/link/fields.js");

/** Marks an input whose value is not known yet: rules skip it, and the up checks it again. */
const UNKNOWN = Symbol("unknown until the update");

/** The inputs that hold URLs: the package's field table says which. */
const URL_INPUTS = /** @type {readonly string[]} */ (URL_FIELDS);

/**
 * @typedef {object} Link
 * @property {string} name the resource's name in the program
 * @property {string} type its type token
 * @property {Record<string, unknown>} inputs its inputs; a value not known yet is `UNKNOWN`
 */

/**
 * Whether a resource of this type is a Smile Link.
 *
 * @param {string} type
 * @returns {boolean}
 */
function isLinkType(type) {
  return LINK_TYPES.includes(type);
}

/**
 * A plain copy of a resource's inputs as `@pulumi/policy` hands them over: a proxy that throws
 * when a value not known yet is read. Each such value becomes `UNKNOWN`, so the rules can still
 * check every input that is known.
 *
 * @param {Record<string, unknown>} props
 * @param {(error: unknown) => boolean} isUnknownError tells the proxy's error for an unknown value
 * @returns {Record<string, unknown>}
 */
function readInputs(props, isUnknownError) {
  /** @param {any} container @param {string | number} key @returns {unknown} */
  const read = (container, key) => {
    try {
      return copy(container[key]);
    } catch (error) {
      if (isUnknownError(error)) return UNKNOWN;
      throw error;
    }
  };
  /** @param {unknown} value @returns {unknown} */
  const copy = (value) => {
    if (Array.isArray(value)) {
      return Array.from({ length: value.length }, (_, index) => read(value, index));
    }
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.keys(value).map((key) => [key, read(value, key)]));
    }
    return value;
  };
  return Object.fromEntries(Object.keys(props).map((key) => [key, read(props, key)]));
}

/**
 * How messages name a link: `SmileLink "vip-customer"`.
 *
 * @param {Link} link
 * @returns {string}
 */
function subject(link) {
  return `SmileLink ${JSON.stringify(link.name)}`;
}

/**
 * The value as a string, or undefined when it is absent, empty or not known yet.
 *
 * @param {unknown} value
 * @returns {string | undefined}
 */
function knownString(value) {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * Whether an input is set (known or not): not undefined, null or blank.
 *
 * @param {unknown} value
 * @returns {boolean}
 */
function isSet(value) {
  return value === UNKNOWN || (value !== undefined && value !== null && value !== "");
}

module.exports = {
  LINK_TYPES,
  UNKNOWN,
  URL_INPUTS,
  isLinkType,
  readInputs,
  subject,
  knownString,
  isSet,
};
