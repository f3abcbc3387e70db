import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLinksFile } from "../../provider/links-file/load";
import { CREATE_MARKER_KEY } from "../../provider/link/create-marker";
import type { SmileLinkInputs } from "../../provider/link/types";
import { useEmulator } from "../helpers/emulator";
import { linkArgs } from "../helpers/links";
import {
  configureFor,
  configureStack,
  CREDENTIALS,
  smileLinkProvider as provider,
} from "../helpers/provider";

/**
 * Hostile and malformed inputs reach `check` through the provider object, as the host calls
 * it: each is refused as data, with a failure naming the property, before any API call.
 */
const emulator = useEmulator();

beforeEach(() => configureFor(emulator()));

const MEGABYTE = "x".repeat(1024 * 1024);

function idType(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc", ...overrides };
}

/** A valid link plus the keys of `json`, parsed so that a `__proto__` key stays an own key. */
function withJson(json: string): Record<string, unknown> {
  return Object.assign(JSON.parse(json) as Record<string, unknown>, linkArgs());
}

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

async function check(news: Record<string, unknown>) {
  return provider.check({} as SmileLinkInputs, news as never);
}

/**
 * The property a failure names: its own, or (for a nested or absent property, which the engine
 * would print with `{<nil>}`) the path that leads its reason.
 */
function namedProperty({ property, reason }: { property: string; reason: string }): string {
  return property || (/^(\S+): /.exec(reason)?.[1] ?? "");
}

async function expectRefused(news: Record<string, unknown>, property: string): Promise<void> {
  const result = await check(news);
  expect(result.failures?.map(namedProperty)).toEqual([property]);
  for (const failure of result.failures ?? []) {
    // A megabyte of input never turns into a megabyte of message.
    expect(failure.reason).toMatch(/^.{3,400}$/s);
  }
  expect(emulator().requests).toEqual([]);
}

describe("check refuses malformed inputs, naming the property, without calling the API", () => {
  it.each<[string, Record<string, unknown>, string]>([
    // Wrong types
    ["a number as name", linkArgs({ name: 42 }), "name"],
    ["an array as name", linkArgs({ name: ["Acme"] }), "name"],
    ["an object where a string belongs", linkArgs({ name: { text: "Acme" } }), "name"],
    ["null as companyName", linkArgs({ companyName: null }), "companyName"],
    ["a boolean as callbackUrl", linkArgs({ callbackUrl: true }), "callbackUrl"],
    ["NaN as name", linkArgs({ name: Number.NaN }), "name"],
    ["Infinity as expiresAt", linkArgs({ expiresAt: Number.POSITIVE_INFINITY }), "expiresAt"],
    ["epoch milliseconds as expiresAt", linkArgs({ expiresAt: 1893456000000 }), "expiresAt"],
    ['the string "true" as isSingleUse', linkArgs({ isSingleUse: "true" }), "isSingleUse"],
    ['the string "false" as isDisabled', linkArgs({ isDisabled: "false" }), "isDisabled"],
    ["0 as isDisabled", linkArgs({ isDisabled: 0 }), "isDisabled"],
    ["NaN as isDisabled", linkArgs({ isDisabled: Number.NaN }), "isDisabled"],
    [
      "a number as a country",
      linkArgs({ idTypes: [idType({ country: 566 })] }),
      "idTypes[0].country",
    ],
    ["a number as adoptRefId", linkArgs({ adoptRefId: 123 }), "adoptRefId"],
    // Empty and huge
    ["an empty name", linkArgs({ name: "" }), "name"],
    ["a blank companyName", linkArgs({ companyName: "   " }), "companyName"],
    ["a companyName of only a byte order mark", linkArgs({ companyName: "\uFEFF" }), "companyName"],
    ["a name of 256 characters", linkArgs({ name: "n".repeat(256) }), "name"],
    ["a 1 MB name", linkArgs({ name: MEGABYTE }), "name"],
    ["a 1 MB partner param", linkArgs({ partnerParams: { big: MEGABYTE } }), "partnerParams.big"],
    [
      "a 1 MB callbackUrl",
      linkArgs({ callbackUrl: `https://a.example/${MEGABYTE}` }),
      "callbackUrl",
    ],
    [
      "a redirectUrl over 2048 characters",
      linkArgs({ redirectUrl: `https://a.example/${"r".repeat(3000)}` }),
      "redirectUrl",
    ],
    ["an empty userId", linkArgs({ isSingleUse: true, userId: "" }), "userId"],
    ["no ID types", linkArgs({ idTypes: [] }), "idTypes"],
    [
      "501 ID types",
      linkArgs({ idTypes: Array.from({ length: 501 }, (_, i) => idType({ idType: `T${i}` })) }),
      "idTypes",
    ],
    [
      "51 partner params",
      linkArgs({
        partnerParams: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])),
      }),
      "partnerParams",
    ],
    // Control characters
    ["a NUL in name", linkArgs({ name: "Acme\u0000KYC" }), "name"],
    ["a newline in companyName", linkArgs({ companyName: "Acme\nLtd" }), "companyName"],
    ["an ANSI escape in name", linkArgs({ name: "\u001b[31mAcme" }), "name"],
    ["a C1 next-line character in name", linkArgs({ name: "Acme\u0085" }), "name"],
    ["a tab in userId", linkArgs({ isSingleUse: true, userId: "user\t1" }), "userId"],
    // Arrays where objects belong, objects where arrays or strings belong
    ["an object as idTypes", linkArgs({ idTypes: { 0: idType() } }), "idTypes"],
    ["a string as idTypes", linkArgs({ idTypes: "NG" }), "idTypes"],
    ["null as an ID type", linkArgs({ idTypes: [null] }), "idTypes[0]"],
    [
      "an array as an ID type",
      linkArgs({ idTypes: [["NG", "BVN", "enhanced_kyc"]] }),
      "idTypes[0]",
    ],
    ["an array as partnerParams", linkArgs({ partnerParams: ["tier"] }), "partnerParams"],
    ["a string as partnerParams", linkArgs({ partnerParams: "tier=gold" }), "partnerParams"],
    [
      "an object as a partner param",
      linkArgs({ partnerParams: { nested: { a: "b" } } }),
      "partnerParams.nested",
    ],
    [
      "a number as a partner param",
      linkArgs({ partnerParams: { count: 3 } }),
      "partnerParams.count",
    ],
    [
      "a boolean as a partner param",
      linkArgs({ partnerParams: { vip: true } }),
      "partnerParams.vip",
    ],
    ["null as a partner param", linkArgs({ partnerParams: { tier: null } }), "partnerParams.tier"],
    // Countries and ID types
    [
      "an unknown country",
      linkArgs({ idTypes: [idType({ country: "XX" })] }),
      "idTypes[0].country",
    ],
    [
      "an alpha-3 country",
      linkArgs({ idTypes: [idType({ country: "NGA" })] }),
      "idTypes[0].country",
    ],
    ["an empty country", linkArgs({ idTypes: [idType({ country: "" })] }), "idTypes[0].country"],
    [
      "an unknown verification method",
      linkArgs({ idTypes: [idType({ verificationMethod: "selfie" })] }),
      "idTypes[0].verificationMethod",
    ],
    [
      "a missing verification method",
      linkArgs({ idTypes: [{ country: "NG", idType: "BVN" }] }),
      "idTypes[0].verificationMethod",
    ],
    [
      "SQL in an ID type",
      linkArgs({ idTypes: [idType({ idType: "BVN'; DROP TABLE links;--" })] }),
      "idTypes[0].idType",
    ],
    [
      "the same ID type twice",
      linkArgs({ idTypes: [idType(), idType({ verificationMethod: "biometric_kyc" })] }),
      "idTypes[1]",
    ],
    [
      "the same ID type twice in different case",
      linkArgs({
        idTypes: [
          idType({ country: "ng", idType: "bvn" }),
          idType({ verificationMethod: "biometric_kyc" }),
        ],
      }),
      "idTypes[1]",
    ],
    [
      "an unknown key in an ID type",
      linkArgs({ idTypes: [idType({ extra: 1 })] }),
      "idTypes[0].extra",
    ],
    // URLs
    ["a javascript: callbackUrl", linkArgs({ callbackUrl: "javascript:alert(1)" }), "callbackUrl"],
    ["a file: callbackUrl", linkArgs({ callbackUrl: "file:///etc/passwd" }), "callbackUrl"],
    [
      "a data: redirectUrl",
      linkArgs({ redirectUrl: "data:text/html,<script>alert(1)</script>" }),
      "redirectUrl",
    ],
    [
      "an ftp: dataPrivacyPolicyUrl",
      linkArgs({ dataPrivacyPolicyUrl: "ftp://acme.example/privacy" }),
      "dataPrivacyPolicyUrl",
    ],
    [
      "a relative dataPrivacyPolicyUrl",
      linkArgs({ dataPrivacyPolicyUrl: "/privacy" }),
      "dataPrivacyPolicyUrl",
    ],
    [
      "a javascript: URL dressed as a png",
      linkArgs({ logoUrl: "javascript:alert(1)//.png" }),
      "logoUrl",
    ],
    [
      "a logo that is not an image",
      linkArgs({ logoUrl: "https://acme.example/logo.exe" }),
      "logoUrl",
    ],
    // Expiry
    ["an expiry in the past", linkArgs({ expiresAt: "2000-01-01T00:00:00Z" }), "expiresAt"],
    ["an expiry in words", linkArgs({ expiresAt: "tomorrow" }), "expiresAt"],
    ["an expiry on February 30", linkArgs({ expiresAt: "2030-02-30T00:00:00Z" }), "expiresAt"],
    [
      "an expiry with a +25:00 offset",
      linkArgs({ expiresAt: "2030-01-01T00:00:00+25:00" }),
      "expiresAt",
    ],
    ["an expiry without a time", linkArgs({ expiresAt: "2030-01-01" }), "expiresAt"],
    // Unknown properties and prototype keys
    ["a misspelt property", linkArgs({ nmae: "Acme" }), "nmae"],
    ["an output given as an input", linkArgs({ url: "https://links.example/1" }), "url"],
    ["a constructor property", linkArgs({ constructor: { name: "x" } }), "constructor"],
    ["a prototype property", linkArgs({ prototype: { isDisabled: true } }), "prototype"],
    [
      "a __proto__ key in an ID type",
      linkArgs({
        idTypes: [
          JSON.parse(
            '{"__proto__":{"x":1},"country":"NG","idType":"BVN","verificationMethod":"enhanced_kyc"}',
          ),
        ],
      }),
      "idTypes[0].__proto__",
    ],
    // Cross-field rules and ids
    ["a userId on a multi-use link", linkArgs({ userId: "user-1" }), "userId"],
    ["a path in adoptRefId", linkArgs({ adoptRefId: "../../etc/passwd" }), "adoptRefId"],
    ["an encoded slash in adoptRefId", linkArgs({ adoptRefId: "abc%2Fdef" }), "adoptRefId"],
  ])("refuses %s", async (_case, news, property) => {
    await expectRefused(news, property);
  });
});

describe("in production", () => {
  beforeEach(() => configureStack({ ...CREDENTIALS, "smileid:environment": "production" }));
  afterEach(() => configureFor(emulator()));

  it.each([
    ["callbackUrl", "http://acme.example/smile/callback"],
    ["dataPrivacyPolicyUrl", "http://acme.example/privacy"],
    ["logoUrl", "http://acme.example/logo.png"],
    ["redirectUrl", "http://acme.example/done"],
  ])("refuses an http %s", async (property, url) => {
    await expectRefused(linkArgs({ [property]: url }), property);
  });
});

describe("prototype keys", () => {
  it("keeps partner params named like Object.prototype members as plain data", async () => {
    const partnerParams = { constructor: "c", toString: "t", hasOwnProperty: "h" };
    const result = await check(linkArgs({ partnerParams }));
    expect(result.failures).toBeUndefined();
    expect(result.inputs?.partnerParams).toEqual(partnerParams);
    expect(Object.getPrototypeOf(result.inputs?.partnerParams)).toBe(Object.prototype);
  });

  it("never reads a property inherited by the inputs object", async () => {
    const news = Object.assign(Object.create({ isDisabled: true, adoptRefId: "abc" }), linkArgs());
    const result = await check(news);
    expect(result.inputs).toMatchObject({ isDisabled: false });
    expect(result.inputs).not.toHaveProperty("adoptRefId");
  });
});

/** Inputs found by the reliability work that `check` once let through or crashed on. */
describe("check refuses what it once let through", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["a right-to-left override in name", linkArgs({ name: "Acme\u202Egnp.exe" }), "name"],
    ["a zero-width space in companyName", linkArgs({ companyName: "Ac\u200Bme" }), "companyName"],
    ["a name of only a zero-width space", linkArgs({ name: "\u200B" }), "name"],
    ["a lone surrogate in name", linkArgs({ name: "Acme \uD800" }), "name"],
    ["a line separator in name", linkArgs({ name: "Acme\u2028KYC" }), "name"],
    [
      "a NUL inside callbackUrl",
      linkArgs({ callbackUrl: "https://acme.example/\u0000cb" }),
      "callbackUrl",
    ],
    ["a __proto__ property", withJson('{"__proto__":{"isDisabled":true}}'), "__proto__"],
    [
      "a __proto__ partner param",
      linkArgs({ partnerParams: JSON.parse('{"__proto__":"x","tier":"gold"}') }),
      "partnerParams.__proto__",
    ],
    ["an empty partner param key", linkArgs({ partnerParams: { "": "x" } }), "partnerParams"],
    // The provider's create marker would overwrite it and strip it on read: the value lost,
    // and after a refresh every up would replace the link.
    [
      "a partner param named like the create marker",
      linkArgs({ partnerParams: { [CREATE_MARKER_KEY]: "mine" } }),
      `partnerParams.${CREATE_MARKER_KEY}`,
    ],
    [
      "a name nested 100,000 objects deep",
      linkArgs({ name: nested(100_000, "x", (v) => ({ a: v })) }),
      "name",
    ],
    [
      "idTypes nested 100,000 arrays deep",
      linkArgs({ idTypes: nested(100_000, "x", (v) => [v]) }),
      "idTypes[0]",
    ],
  ])("refuses %s", async (_case, news, property) => {
    await expectRefused(news, property);
  });
});

/**
 * A `__proto__` key copied with a plain assignment sets an object's prototype: the strict
 * unknown-key check would never see it, and every field it held would read as an input.
 */
describe("a __proto__ key", () => {
  it("refuses a __proto__ key given to check instead of taking inputs from it", async () => {
    const result = await check(withJson('{"__proto__":{"isDisabled":true,"adoptRefId":"abc"}}'));
    expect(result.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^__proto__: is not a known property/) },
    ]);
  });

  it("reports a __proto__ map under a link in a links file", () => {
    const text = [
      "links:",
      "  onboarding:",
      "    name: Onboarding",
      "    companyName: Acme",
      "    idTypes: [{ country: NG, idType: BVN, verificationMethod: enhanced_kyc }]",
      "    callbackUrl: https://acme.example/cb",
      "    dataPrivacyPolicyUrl: https://acme.example/privacy",
      "    __proto__: { isDisabled: true, adoptRefId: someone-elses-link }",
    ].join("\n");
    const loaded = loadLinksFile(text, "links.yaml");
    expect(loaded.links).toEqual([]);
    expect(loaded.problems).toEqual([
      expect.objectContaining({ line: 8, message: expect.stringMatching(/__proto__/) }),
    ]);
  });
});
