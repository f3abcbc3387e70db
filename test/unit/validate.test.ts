import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/link/engine-values";
import { checkLinkInputs, type CheckContext } from "../../provider/link/check";
import { linkArgs, linkInputs } from "../helpers/links";

const sandbox: CheckContext = { environment: "sandbox", creating: true };
const production: CheckContext = { environment: "production", creating: true };

function failuresOf(raw: Record<string, unknown>, context: CheckContext = sandbox) {
  const outcome = checkLinkInputs(raw, context);
  return outcome.ok ? [] : outcome.failures;
}

describe("check: validation", () => {
  it("accepts a valid link and fills in the defaults", () => {
    const outcome = checkLinkInputs(linkArgs(), sandbox);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.inputs).toMatchObject({ isSingleUse: false, isDisabled: false });
  });

  it.each(["name", "companyName", "idTypes", "callbackUrl", "dataPrivacyPolicyUrl"])(
    "requires %s",
    (field) => {
      const raw = linkArgs();
      delete raw[field];
      expect(failuresOf(raw)).toContainEqual({ property: field, reason: "is required" });
    },
  );

  it.each([
    [
      "an unknown verification method",
      { verificationMethod: "selfie" },
      "idTypes[0].verificationMethod",
      /must be one of biometric_kyc, doc_verification, enhanced_document_verification, enhanced_kyc/,
    ],
    [
      "a country that is not ISO 3166-1 alpha-2",
      { country: "XX" },
      "idTypes[0].country",
      /ISO 3166-1 alpha-2/,
    ],
    ["a three-letter country", { country: "NGA" }, "idTypes[0].country", /ISO 3166-1 alpha-2/],
    ["an empty ID type", { idType: "" }, "idTypes[0].idType", /ID type name/],
  ])("rejects %s, naming its path", (_label, override, property, reason) => {
    const raw = linkArgs({
      idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc", ...override }],
    });
    const failures = failuresOf(raw);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.property).toBe(property);
    expect(failures[0]!.reason).toMatch(reason);
  });

  it("upper-cases the country", () => {
    const outcome = checkLinkInputs(
      linkArgs({ idTypes: [{ country: "ng", idType: "bvn", verificationMethod: "enhanced_kyc" }] }),
      sandbox,
    );
    expect(outcome.ok && outcome.inputs.idTypes[0]).toEqual({
      country: "NG",
      idType: "BVN",
      verificationMethod: "enhanced_kyc",
    });
  });

  it("rejects an empty idTypes list", () => {
    expect(failuresOf(linkArgs({ idTypes: [] }))).toEqual([
      { property: "idTypes", reason: "must list at least one ID type; got an empty list" },
    ]);
  });

  it("rejects two methods for the same country and ID type", () => {
    const raw = linkArgs({
      idTypes: [
        { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
        { country: "NG", idType: "BVN", verificationMethod: "biometric_kyc" },
      ],
    });
    expect(failuresOf(raw)).toEqual([
      {
        property: "idTypes[1]",
        reason: expect.stringMatching(/repeats NG BVN from idTypes\[0\].*one verification method/),
      },
    ]);
  });

  it.each(["callbackUrl", "dataPrivacyPolicyUrl", "redirectUrl"])(
    "rejects a relative or non-http %s",
    (field) => {
      for (const url of [
        "/callback",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://x.example/a",
      ]) {
        expect(failuresOf(linkArgs({ [field]: url }))).toContainEqual({
          property: field,
          reason: `must be an absolute http(s) URL; got ${JSON.stringify(url)}`,
        });
      }
    },
  );

  it("requires https URLs in production", () => {
    const failures = failuresOf(linkArgs({ callbackUrl: "http://acme.example/cb" }), production);
    expect(failures).toEqual([
      {
        property: "callbackUrl",
        reason: 'must use https in production; got "http://acme.example/cb"',
      },
    ]);
  });

  it("allows http URLs in the sandbox", () => {
    expect(failuresOf(linkArgs({ callbackUrl: "http://acme.example/cb" }))).toEqual([]);
  });

  it.each(["https://acme.example/logo.png", "https://acme.example/logo.SVG?v=2"])(
    "accepts the png or svg logo %s",
    (logoUrl) => expect(failuresOf(linkArgs({ logoUrl }))).toEqual([]),
  );

  it("rejects a logo that is not a png or svg", () => {
    expect(failuresOf(linkArgs({ logoUrl: "https://acme.example/logo.jpg" }))).toEqual([
      {
        property: "logoUrl",
        reason: 'must be the URL of a .png or .svg image; got "https://acme.example/logo.jpg"',
      },
    ]);
  });

  it("rejects partner params that are not strings", () => {
    const failures = failuresOf(linkArgs({ partnerParams: { tier: 3 } }));
    expect(failures).toEqual([
      { property: "partnerParams.tier", reason: expect.stringMatching(/must be a string/) },
    ]);
  });

  it("normalizes expiresAt to UTC ISO 8601", () => {
    const outcome = checkLinkInputs(linkArgs({ expiresAt: "2099-01-31T14:00:00+02:00" }), sandbox);
    expect(outcome.ok && outcome.inputs.expiresAt).toBe("2099-01-31T12:00:00.000Z");
  });

  it("rejects an expiresAt that is not a date-time", () => {
    expect(failuresOf(linkArgs({ expiresAt: "next tuesday" }))[0]?.property).toBe("expiresAt");
  });

  it("rejects an expiresAt in the past when the link is created", () => {
    expect(failuresOf(linkArgs({ expiresAt: "2001-01-01T00:00:00Z" }))).toEqual([
      { property: "expiresAt", reason: expect.stringMatching(/must be in the future/) },
    ]);
  });

  it("accepts a past expiresAt on a create that adopts an existing link", () => {
    const adopting = linkArgs({ adoptRefId: "9b1c2d3e", expiresAt: "2001-01-01T00:00:00Z" });
    expect(failuresOf(adopting)).toEqual([]);
  });

  it("accepts a past expiresAt on a link that already exists", () => {
    const existing = { environment: "sandbox", creating: false } as const;
    expect(failuresOf(linkArgs({ expiresAt: "2001-01-01T00:00:00Z" }), existing)).toEqual([]);
  });

  it("rejects a past expiresAt when a change to another input replaces the link", () => {
    const olds = { ...linkInputs(), expiresAt: "2001-01-01T00:00:00.000Z" };
    const replacing = { environment: "sandbox", creating: false, olds } as const;
    const news = linkArgs({ name: "Renamed", expiresAt: "2001-01-01T00:00:00Z" });
    expect(failuresOf(news, replacing)).toEqual([
      {
        property: "expiresAt",
        reason:
          "must be in the future when the link is created (the change to name replaces it); " +
          "got 2001-01-01T00:00:00.000Z",
      },
    ]);
  });

  it("accepts a past expiresAt when only an input that changes in place differs", () => {
    const olds = { ...linkInputs(), expiresAt: "2001-01-01T00:00:00.000Z" };
    const updating = { environment: "sandbox", creating: false, olds } as const;
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    const news = linkArgs({ idTypes, expiresAt: "2001-01-01T00:00:00Z" });
    expect(failuresOf(news, updating)).toEqual([]);
  });

  it("does not count a value not known yet as a replacement", () => {
    const olds = { ...linkInputs(), expiresAt: "2001-01-01T00:00:00.000Z" };
    const previewing = { environment: "sandbox", creating: false, olds } as const;
    const news = linkArgs({ name: UNKNOWN, expiresAt: "2001-01-01T00:00:00Z" });
    expect(failuresOf(news, previewing)).toEqual([]);
  });

  it("allows userId only on single-use links", () => {
    expect(failuresOf(linkArgs({ userId: "user-1" }))).toEqual([
      {
        property: "userId",
        reason:
          'is allowed only on single-use links (isSingleUse: true); got "user-1" on a link with isSingleUse false',
      },
    ]);
    expect(failuresOf(linkArgs({ userId: "user-1", isSingleUse: true }))).toEqual([]);
  });

  it("rejects an unknown property with a suggestion", () => {
    expect(failuresOf(linkArgs({ callbakUrl: "https://x.example" }))).toEqual([
      { property: "callbakUrl", reason: 'is not a known property; did you mean "callbackUrl"?' },
    ]);
  });

  it("reports every failure, not only the first", () => {
    const raw = linkArgs({ name: "", callbackUrl: "nope", isSingleUse: "yes" });
    expect(
      failuresOf(raw)
        .map((f) => f.property)
        .sort(),
    ).toEqual(["callbackUrl", "isSingleUse", "name"].sort());
  });

  it("passes values that are not known yet (preview) through unvalidated", () => {
    const outcome = checkLinkInputs(linkArgs({ callbackUrl: UNKNOWN, name: UNKNOWN }), sandbox);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.inputs.callbackUrl).toBe(UNKNOWN);
      expect(outcome.unknownFields).toEqual(["name", "callbackUrl"]);
    }
  });

  it("ignores the serialized provider among the inputs", () => {
    expect(failuresOf(linkArgs({ __provider: "exports.handler = ..." }))).toEqual([]);
  });
});

describe("check: Smile ID's ID-type catalog", () => {
  const unlisted = linkArgs({
    idTypes: [{ country: "NG", idType: "NIN_V3", verificationMethod: "enhanced_kyc" }],
  });

  it("rejects an ID type the catalog does not list, suggesting a close one, in strict mode", () => {
    expect(failuresOf(unlisted)).toEqual([
      {
        property: "idTypes[0].idType",
        reason: expect.stringMatching(
          /is not an ID type for NG .*did you mean "NIN_V2"\?.*set smileid:idTypeCatalog to warn or off/,
        ),
      },
    ]);
  });

  it("rejects a method the ID type does not support", () => {
    const raw = linkArgs({
      idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "doc_verification" }],
    });
    expect(failuresOf(raw)).toEqual([
      {
        property: "idTypes[0].verificationMethod",
        reason: expect.stringMatching(/^NG BVN supports .*enhanced_kyc.*; got doc_verification/),
      },
    ]);
  });

  it("accepts the entry with a warning in warn mode", () => {
    const outcome = checkLinkInputs(unlisted, { ...sandbox, catalog: "warn" });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.warnings.map((w) => w.property)).toEqual(["idTypes[0].idType"]);
  });

  it("does not look at the catalog when off", () => {
    const outcome = checkLinkInputs(unlisted, { ...sandbox, catalog: "off" });
    expect(outcome.ok && outcome.warnings).toEqual([]);
  });
});

describe("check: every message names the property, the value given and what is allowed", () => {
  const idType = (entry: Record<string, unknown>) => [
    { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc", ...entry },
  ];

  it.each([
    ["idTypes[0].country", { idTypes: idType({ country: "XX" }) }, /ISO 3166-1.*; got "XX"$/],
    [
      "idTypes[0].idType",
      { idTypes: idType({ idType: "B V N" }) },
      /such as NATIONAL_ID.*; got "B V N"$/,
    ],
    [
      "idTypes[0].verificationMethod",
      { idTypes: idType({ verificationMethod: "selfie" }) },
      /must be one of .*; got "selfie"$/,
    ],
    ["callbackUrl", { callbackUrl: "not a url" }, /absolute http\(s\) URL; got "not a url"$/],
    ["expiresAt", { expiresAt: "tomorrow" }, /ISO 8601 date-time .*; got "tomorrow"$/],
    ["name", { name: "x".repeat(300) }, /at most 255 characters; got 300 characters$/],
    ["adoptRefId", { adoptRefId: "no spaces" }, /ref_id of an existing link.*; got "no spaces"$/],
    ["isSingleUse", { isSingleUse: "yes" }, /must be a boolean; got "yes"$/],
    ["partnerParams.tier", { partnerParams: { tier: 3 } }, /must be a string.*; got number 3$/],
  ])("names the value given for %s", (property, fields, reason) => {
    const failures = failuresOf(linkArgs(fields));
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  it("gives one message for a URL that breaks two rules", () => {
    expect(failuresOf(linkArgs({ callbackUrl: "not a url" }))).toEqual([
      { property: "callbackUrl", reason: 'must be an absolute http(s) URL; got "not a url"' },
    ]);
  });

  it("reports a repeated (country, idType) even when the link has an unknown country too", () => {
    const raw = linkArgs({
      idTypes: [
        { country: "XX", idType: "BVN", verificationMethod: "enhanced_kyc" },
        { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
        { country: "ng", idType: "bvn", verificationMethod: "biometric_kyc" },
      ],
    });
    expect(failuresOf(raw)).toEqual([
      { property: "idTypes[0].country", reason: expect.stringMatching(/; got "XX"$/) },
      {
        property: "idTypes[2]",
        reason: expect.stringMatching(/^repeats NG BVN from idTypes\[1\]/),
      },
    ]);
  });

  it("reports the rules between fields even when another field is wrong", () => {
    const raw = linkArgs({ name: "", userId: "user-1", callbackUrl: "http://acme.example/cb" });
    expect(failuresOf(raw, production).map((failure) => failure.property)).toEqual([
      "name",
      "callbackUrl",
      "userId",
    ]);
  });

  it("checks the catalog for the ID types that pass their own rules when another fails", () => {
    const raw = linkArgs({
      idTypes: [
        { country: "NG", idType: "BVN", verificationMethod: "selfie" },
        { country: "NG", idType: "NIN_V3", verificationMethod: "enhanced_kyc" },
      ],
    });
    expect(failuresOf(raw).map((failure) => failure.property)).toEqual([
      "idTypes[0].verificationMethod",
      "idTypes[1].idType",
    ]);
  });
});
