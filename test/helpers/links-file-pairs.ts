import fc from "fast-check";
import { stringify } from "yaml";

/**
 * Generated pairs of links files (a base and a head), for the test that holds
 * `smile-links diff` against `pulumi preview`. A pair has up to six links, each in the base, the
 * head or both; a link in both changes up to two groups of inputs between them. Each input's
 * values come from a small pool that holds values which change in place, values which replace,
 * and different spellings of one meaning; then the head's link has some of its values respelled
 * (ID types in another order, `partnerParams` keys in another order or `{}` for none,
 * `isSingleUse: false` for none, the same instant in another offset, spaces around the name,
 * the company name that `defaults` gives written in the link). `defaults.callbackUrl` may
 * change too, for every link that inherits it.
 */

/** One link as written in the file; `adopt: true` asks for an `adoptRefId`. */
export type GeneratedLink = Record<string, unknown>;

export interface LinksFileSide {
  callbackUrl: string;
  links: Record<string, GeneratedLink>;
}

export interface LinksFilePair {
  base: LinksFileSide;
  head: LinksFileSide;
}

/** ID types the catalog lists, each with two methods it supports. */
const ID_TYPES = [
  { country: "NG", idType: "BVN", methods: ["enhanced_kyc", "biometric_kyc"] },
  { country: "KE", idType: "NATIONAL_ID", methods: ["enhanced_kyc", "biometric_kyc"] },
  { country: "GH", idType: "PASSPORT", methods: ["enhanced_kyc", "doc_verification"] },
];

const idTypes = fc
  .uniqueArray(fc.constantFrom(...ID_TYPES), { minLength: 1, maxLength: 3 })
  .chain((types) =>
    fc.tuple(
      ...types.map(({ country, idType, methods }) =>
        fc
          .constantFrom(...methods)
          .map((verificationMethod) => ({ country, idType, verificationMethod })),
      ),
    ),
  );

/** Each group of inputs and its pool; `{}` leaves the group out (or to `defaults`). */
const POOLS: Record<string, fc.Arbitrary<GeneratedLink>> = {
  name: fc.constantFrom(
    { name: "Onboarding" },
    { name: "Onboarding v2" },
    { name: " Onboarding " },
  ),
  companyName: fc.constantFrom({}, { companyName: "Acme" }, { companyName: "Acme Ltd" }),
  idTypes: idTypes.map((list) => ({ idTypes: list })),
  callbackUrl: fc.constantFrom({}, { callbackUrl: "https://acme.example/cb-own" }),
  logoUrl: fc.constantFrom({}, { logoUrl: "https://acme.example/logo.png" }),
  // A user id belongs to a single-use link: the two change together.
  singleUse: fc.constantFrom(
    {},
    { isSingleUse: false },
    { isSingleUse: true },
    { isSingleUse: true, userId: "customer-1" },
    { isSingleUse: true, userId: "customer-2" },
  ),
  expiresAt: fc.constantFrom(
    {},
    { expiresAt: "2099-01-01T00:00:00Z" },
    { expiresAt: "2099-01-01T01:00:00+01:00" },
    { expiresAt: "2099-06-01T00:00:00Z" },
  ),
  partnerParams: fc.constantFrom(
    {},
    { partnerParams: {} },
    { partnerParams: { team: "kyc" } },
    { partnerParams: { team: "kyc", region: "ng" } },
    { partnerParams: { region: "ng", team: "kyc" } },
  ),
  redirectUrl: fc.constantFrom({}, { redirectUrl: "https://acme.example/done" }),
  isDisabled: fc.constantFrom({}, { isDisabled: false }, { isDisabled: true }),
  adopt: fc.constantFrom({}, {}, { adopt: true }),
};
const GROUPS = Object.keys(POOLS);
const GROUP_KEYS: Record<string, string[]> = { singleUse: ["isSingleUse", "userId"] };

const link = fc
  .record(POOLS)
  .map((groups) => Object.assign({}, ...Object.values(groups)) as GeneratedLink);

/** The head's link: the base's, with up to two groups drawn again (perhaps the same value). */
const changedLink = (base: GeneratedLink) =>
  fc
    .uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 2 })
    .chain((groups) =>
      fc.tuple(...groups.map((group) => POOLS[group]!)).map((values) => ({ groups, values })),
    )
    .map(({ groups, values }) => {
      const head = { ...base };
      for (const key of groups.flatMap((group) => GROUP_KEYS[group] ?? [group])) delete head[key];
      return Object.assign(head, ...values) as GeneratedLink;
    });

/** The same meaning, written differently: the provider must see no change in any of these. */
const RESPELLINGS: Record<string, (link: GeneratedLink) => GeneratedLink> = {
  idTypesReversed: (link) => ({ ...link, idTypes: [...(link.idTypes as unknown[])].reverse() }),
  paramsReordered: ({ partnerParams, ...link }) => {
    if (partnerParams === undefined) return { ...link, partnerParams: {} };
    const entries = Object.entries(partnerParams as object);
    return entries.length === 0
      ? link
      : { ...link, partnerParams: Object.fromEntries(entries.reverse()) };
  },
  flagsDefaulted: ({ isSingleUse, isDisabled, ...link }) => ({
    ...link,
    ...(isSingleUse === true
      ? { isSingleUse }
      : isSingleUse === undefined
        ? { isSingleUse: false }
        : {}),
    ...(isDisabled === true
      ? { isDisabled }
      : isDisabled === undefined
        ? { isDisabled: false }
        : {}),
  }),
  instantInAnotherOffset: (link) =>
    link.expiresAt === "2099-01-01T00:00:00Z"
      ? { ...link, expiresAt: "2099-01-01T01:00:00+01:00" }
      : link.expiresAt === "2099-01-01T01:00:00+01:00"
        ? { ...link, expiresAt: "2099-01-01T00:00:00Z" }
        : link,
  namePadded: (link) => ({ ...link, name: ` ${String(link.name).trim()}  ` }),
  companyFromDefaults: ({ companyName, ...link }) =>
    companyName === undefined
      ? { ...link, companyName: "Acme" }
      : companyName === "Acme"
        ? link
        : { ...link, companyName },
};

/** A link with some of its values respelled. */
const respelled = (link: GeneratedLink) =>
  fc
    .subarray(Object.values(RESPELLINGS))
    .map((rewrites) => rewrites.reduce((result, rewrite) => rewrite(result), link));

const KEYS = ["a", "b", "c", "d", "e", "f"];
/** The default callback URL: the same in most pairs, so that other changes show. */
const CALLBACKS = [
  "https://acme.example/cb",
  "https://acme.example/cb",
  "https://acme.example/cb-v2",
];

export const linksFilePairs: fc.Arbitrary<LinksFilePair> = fc
  .record({
    presence: fc.tuple(...KEYS.map(() => fc.constantFrom("both", "both", "both", "base", "head"))),
    links: fc.tuple(
      ...KEYS.map(() =>
        link.chain((base) =>
          changedLink(base)
            .chain(respelled)
            .map((head) => ({ base, head })),
        ),
      ),
    ),
    callbacks: fc.tuple(fc.constantFrom(...CALLBACKS), fc.constantFrom(...CALLBACKS)),
  })
  .map(({ presence, links, callbacks }) => {
    const side = (which: "base" | "head") =>
      Object.fromEntries(
        KEYS.flatMap((key, i) =>
          presence[i] === "both" || presence[i] === which ? [[key, links[i]![which]]] : [],
        ),
      );
    return {
      base: { callbackUrl: callbacks[0], links: side("base") },
      head: { callbackUrl: callbacks[1], links: side("head") },
    };
  });

/** The `defaults` of a side: what its links inherit. */
export function defaultsOf(side: LinksFileSide): Record<string, string> {
  return {
    companyName: "Acme",
    callbackUrl: side.callbackUrl,
    dataPrivacyPolicyUrl: "https://acme.example/privacy",
  };
}

/**
 * The YAML of one side; each `adopt` link gets the `adoptRefId` that `refIdFor` gives it, from
 * its key and its inputs with `defaults` merged in.
 */
export async function linksFileYaml(
  side: LinksFileSide,
  refIdFor: (key: string, inputs: GeneratedLink) => Promise<string>,
): Promise<string> {
  const defaults = defaultsOf(side);
  const links: Record<string, GeneratedLink> = {};
  for (const [key, { adopt, ...inputs }] of Object.entries(side.links)) {
    links[key] = adopt
      ? { ...inputs, adoptRefId: await refIdFor(key, { ...defaults, ...inputs }) }
      : inputs;
  }
  return stringify({ defaults, links }, { aliasDuplicateObjects: false });
}
