// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- the pack is CommonJS, as run-policy-pack loads it */
// The pack's policies: each name (docs/policies.md, "The policies"), what it asks, the configuration
// it takes through --policy-pack-config, and its rule (rules.js). All are mandatory unless that
// configuration says otherwise.
const { ISO_COUNTRY_CODES } = require("../dist/link/countries.js");
const { VERIFICATION_METHODS } = require("../dist/link/types.js");
const { URL_INPUTS } = require("./inputs.js");
const rules = require("./rules.js");

/**
 * @typedef {object} LinkPolicy
 * @property {string} name
 * @property {string} description
 * @property {import("@pulumi/policy").PolicyConfigSchema} [configSchema]
 * @property {(link: import("./inputs.js").Link, config: any, now: Date) => import("./rules.js").Finding} check
 */

/** @type {LinkPolicy[]} */
const POLICIES = [
  {
    name: "smile-links-https",
    description: `Every URL of a Smile Link (${URL_INPUTS.join(", ")}) uses https.`,
    check: rules.checkHttps,
  },
  {
    name: "smile-links-single-use",
    description: "A single-use Smile Link names its user (userId) and its expiry (expiresAt).",
    check: rules.checkSingleUse,
  },
  {
    name: "smile-links-allowed-domains",
    description:
      "A Smile Link's callbackUrl and redirectUrl point at hosts within the configured domains " +
      "(a domain allows its subdomains); with no domains configured it passes.",
    configSchema: {
      properties: {
        domains: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "Domains that callbacks and redirects may go to, such as acme.com.",
        },
      },
    },
    check: rules.checkAllowedDomains,
  },
  {
    name: "smile-links-max-expiry",
    description:
      `A Smile Link that expires does so at most maxDays (default ${rules.DEFAULT_MAX_DAYS}) ` +
      "days from the time of the preview or update.",
    configSchema: {
      properties: {
        maxDays: {
          type: "integer",
          minimum: 1,
          default: rules.DEFAULT_MAX_DAYS,
          description: "How many days ahead a link's expiresAt may lie at most.",
        },
      },
    },
    check: rules.checkMaxExpiry,
  },
  {
    name: "smile-links-allowed-countries",
    description:
      "Each ID type of a Smile Link is of a configured country; with none configured it passes.",
    configSchema: {
      properties: {
        countries: {
          type: "array",
          items: { type: "string", enum: [...ISO_COUNTRY_CODES].sort() },
          description: "ISO 3166-1 alpha-2 codes of the countries links may verify IDs of.",
        },
      },
    },
    check: rules.checkAllowedCountries,
  },
  {
    name: "smile-links-allowed-verification-methods",
    description:
      "Each ID type of a Smile Link uses a configured verification method; with none configured it passes.",
    configSchema: {
      properties: {
        verificationMethods: {
          type: "array",
          items: { type: "string", enum: [...VERIFICATION_METHODS] },
          description: "The verification methods links may use.",
        },
      },
    },
    check: rules.checkAllowedVerificationMethods,
  },
];

module.exports = { POLICIES };
