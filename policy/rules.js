// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- the pack is CommonJS, as run-policy-pack loads it */
// The rules of the policy pack, as pure functions from a link, its policy's configuration and
// the time to what is wrong with it: no engine, no I/O (index.js wires them to @pulumi/policy).
// Each message names the link, the input, its value and what is allowed.
const { URL } = require("node:url");
const { URL_INPUTS, UNKNOWN, isSet, knownString, subject } = require("./inputs.js");

/** @typedef {import("./inputs.js").Link} Link */

/**
 * What a rule finds: its violations, or why it does not apply (and so passes).
 *
 * @typedef {{ violations: string[]; notApplicable?: string }} Finding
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** `smile-links-max-expiry` without `maxDays` configured. */
const DEFAULT_MAX_DAYS = 90;

/**
 * Every URL input (`URL_INPUTS`: the field table's URLs) that is set uses https.
 *
 * @param {Link} link
 * @returns {Finding}
 */
function checkHttps(link) {
  /** @type {string[]} */
  const violations = [];
  for (const input of URL_INPUTS) {
    const url = knownString(link.inputs[input]);
    if (url !== undefined && !/^https:\/\//i.test(url.trim())) {
      violations.push(
        `${subject(link)}: ${input} is ${JSON.stringify(url)}; allowed: https:// URLs only`,
      );
    }
  }
  return { violations };
}

/**
 * A single-use link names its user (userId) and when it expires (expiresAt).
 *
 * @param {Link} link
 * @returns {Finding}
 */
function checkSingleUse(link) {
  if (link.inputs.isSingleUse !== true) return { violations: [] };
  /** @type {string[]} */
  const violations = [];
  for (const input of ["userId", "expiresAt"]) {
    if (!isSet(link.inputs[input])) {
      const value =
        link.inputs[input] === undefined ? "not set" : JSON.stringify(link.inputs[input]);
      violations.push(
        `${subject(link)}: isSingleUse is true and ${input} is ${value}; allowed: a single-use ` +
          "link with both userId (the user it verifies) and expiresAt (when it expires)",
      );
    }
  }
  return { violations };
}

/**
 * The hosts of callbackUrl and redirectUrl lie within the configured domains; a domain allows
 * its subdomains. With no domains configured, the rule does not apply.
 *
 * @param {Link} link
 * @param {{ domains?: string[] }} config
 * @returns {Finding}
 */
function checkAllowedDomains(link, config) {
  const domains = (config.domains ?? []).map(normalizeDomain).filter((domain) => domain !== "");
  if (domains.length === 0) {
    return {
      violations: [],
      notApplicable:
        "no domains configured, so every callback and redirect host passes " +
        "(set smile-links-allowed-domains.domains in --policy-pack-config)",
    };
  }
  /** @type {string[]} */
  const violations = [];
  for (const input of ["callbackUrl", "redirectUrl"]) {
    const url = knownString(link.inputs[input]);
    if (url === undefined) continue;
    const host = hostOf(url);
    const inside = host !== undefined && domains.some((d) => host === d || host.endsWith(`.${d}`));
    if (!inside) {
      const found = host === undefined ? "not a URL with a host" : `host ${host}`;
      violations.push(
        `${subject(link)}: ${input} is ${JSON.stringify(url)} (${found}); allowed: hosts within ` +
          `${domains.join(", ")} (a domain allows its subdomains)`,
      );
    }
  }
  return { violations };
}

/**
 * A link's expiry, when it has one, is at most `maxDays` (default 90) days after `now`.
 *
 * @param {Link} link
 * @param {{ maxDays?: number }} config
 * @param {Date} now
 * @returns {Finding}
 */
function checkMaxExpiry(link, config, now) {
  const expiresAt = knownString(link.inputs.expiresAt);
  const time = expiresAt === undefined ? NaN : Date.parse(expiresAt);
  // An absent expiry is smile-links-single-use's business; a malformed one is check's.
  if (Number.isNaN(time)) return { violations: [] };
  const maxDays = config.maxDays ?? DEFAULT_MAX_DAYS;
  const limit = now.getTime() + maxDays * DAY_MS;
  if (time <= limit) return { violations: [] };
  const days = Math.ceil((time - now.getTime()) / DAY_MS);
  return {
    violations: [
      `${subject(link)}: expiresAt is ${JSON.stringify(expiresAt)}, ${days} days from now; ` +
        `allowed: at most ${maxDays} days from now (until ${new Date(limit).toISOString()})`,
    ],
  };
}

/**
 * Each ID type's country is one of the configured `countries`; with none configured, the rule
 * does not apply.
 *
 * @param {Link} link
 * @param {{ countries?: string[] }} config
 * @returns {Finding}
 */
function checkAllowedCountries(link, config) {
  const allowed = (config.countries ?? []).map((code) => code.trim().toUpperCase());
  return checkIdTypeField(link, "country", allowed, "smile-links-allowed-countries.countries");
}

/**
 * Each ID type's verificationMethod is one of the configured `verificationMethods`; with none
 * configured, the rule does not apply.
 *
 * @param {Link} link
 * @param {{ verificationMethods?: string[] }} config
 * @returns {Finding}
 */
function checkAllowedVerificationMethods(link, config) {
  const allowed = (config.verificationMethods ?? []).map((method) => method.trim());
  const setting = "smile-links-allowed-verification-methods.verificationMethods";
  return checkIdTypeField(link, "verificationMethod", allowed, setting);
}

/**
 * @param {Link} link
 * @param {"country" | "verificationMethod"} field
 * @param {string[]} allowed
 * @param {string} setting where the allowed values are configured
 * @returns {Finding}
 */
function checkIdTypeField(link, field, allowed, setting) {
  if (allowed.length === 0) {
    return {
      violations: [],
      notApplicable: `nothing configured, so every ${field} passes (set ${setting} in --policy-pack-config)`,
    };
  }
  const idTypes = link.inputs.idTypes;
  if (!Array.isArray(idTypes)) return { violations: [] };
  /** @type {string[]} */
  const violations = [];
  idTypes.forEach((/** @type {unknown} */ idType, index) => {
    if (idType === UNKNOWN || idType === null || typeof idType !== "object") return;
    const value = /** @type {Record<string, unknown>} */ (idType)[field];
    if (typeof value !== "string" || allowed.includes(value)) return;
    violations.push(
      `${subject(link)}: idTypes[${index}].${field} is ${JSON.stringify(value)}; allowed: ` +
        allowed.join(", "),
    );
  });
  return { violations };
}

/**
 * `Acme.COM.`, `*.acme.com` and `.acme.com` all mean acme.com; a non-ASCII name becomes its
 * punycode form, as URL hosts are.
 *
 * @param {string} domain
 * @returns {string}
 */
function normalizeDomain(domain) {
  const bare = domain
    .trim()
    .toLowerCase()
    .replace(/^\*?\./, "")
    .replace(/\.$/, "");
  return (bare && hostOf(`https://${bare}`)) || bare;
}

/**
 * @param {string} url
 * @returns {string | undefined} its host name, lower case, without a trailing dot
 */
function hostOf(url) {
  try {
    const host = new URL(url.trim()).hostname.replace(/\.$/, "");
    return host === "" ? undefined : host;
  } catch {
    return undefined;
  }
}

module.exports = {
  DEFAULT_MAX_DAYS,
  checkHttps,
  checkSingleUse,
  checkAllowedDomains,
  checkMaxExpiry,
  checkAllowedCountries,
  checkAllowedVerificationMethods,
};
