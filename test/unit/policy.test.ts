import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LINK_TYPES, UNKNOWN, isLinkType, readInputs, type Link } from "../../policy/inputs.js";
import { POLICIES } from "../../policy/policies.js";
import {
  DEFAULT_MAX_DAYS,
  checkAllowedCountries,
  checkAllowedDomains,
  checkAllowedVerificationMethods,
  checkHttps,
  checkMaxExpiry,
  checkSingleUse,
} from "../../policy/rules.js";

/**
 * The policy pack's rules (policy/rules.js) on inputs, without the engine: what each policy
 * allows, and what its messages say. test/policy-pack.test.ts runs the pack under the CLI.
 */
const NOW = new Date("2026-12-01T12:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;

function link(inputs: Record<string, unknown> = {}, name = "vip-customer"): Link {
  return {
    name,
    type: "pulumi-nodejs:dynamic/smileid:SmileLink",
    inputs: {
      name: "Re-verify a customer",
      companyName: "Acme",
      idTypes: [{ country: "NG", idType: "NIN_V2", verificationMethod: "biometric_kyc" }],
      callbackUrl: "https://acme.example/smile/callback",
      dataPrivacyPolicyUrl: "https://acme.example/privacy",
      isSingleUse: false,
      ...inputs,
    },
  };
}

const daysFromNow = (days: number) => new Date(NOW.getTime() + days * DAY_MS).toISOString();

describe("the pack's policies", () => {
  it("are the six the contract names, each described", () => {
    expect(POLICIES.map((policy) => policy.name)).toEqual([
      "smile-links-https",
      "smile-links-single-use",
      "smile-links-allowed-domains",
      "smile-links-max-expiry",
      "smile-links-allowed-countries",
      "smile-links-allowed-verification-methods",
    ]);
    for (const policy of POLICIES) expect(policy.description.length).toBeGreaterThan(20);
  });

  it("take their settings under these names", () => {
    const settings = Object.fromEntries(
      POLICIES.map((policy) => [policy.name, Object.keys(policy.configSchema?.properties ?? {})]),
    );
    expect(settings).toEqual({
      "smile-links-https": [],
      "smile-links-single-use": [],
      "smile-links-allowed-domains": ["domains"],
      "smile-links-max-expiry": ["maxDays"],
      "smile-links-allowed-countries": ["countries"],
      "smile-links-allowed-verification-methods": ["verificationMethods"],
    });
  });

  it("check both SmileLink types, the dynamic provider's and the native provider's, and nothing else", () => {
    expect(LINK_TYPES.filter(isLinkType)).toEqual([
      "pulumi-nodejs:dynamic/smileid:SmileLink",
      "smileid:index:SmileLink",
    ]);
    expect(isLinkType("pulumi-nodejs:dynamic:Resource")).toBe(false);
    expect(isLinkType("aws:s3/bucket:Bucket")).toBe(false);
  });

  it("pass a compliant link, of either type, under the strictest settings", () => {
    const strict = {
      domains: ["acme.example"],
      maxDays: 30,
      countries: ["NG"],
      verificationMethods: ["biometric_kyc"],
    };
    const single = link({ isSingleUse: true, userId: "customer-1042", expiresAt: daysFromNow(7) });
    for (const candidate of [single, { ...single, type: "smileid:index:SmileLink" }]) {
      for (const policy of POLICIES) {
        expect(policy.check(candidate, strict, NOW), policy.name).toEqual({ violations: [] });
      }
    }
  });
});

describe("smile-links-https", () => {
  it.each(["callbackUrl", "redirectUrl", "dataPrivacyPolicyUrl", "logoUrl"])(
    "refuses a plain-http %s, naming the link, the input, the value and what is allowed",
    (input) => {
      expect(checkHttps(link({ [input]: "http://acme.example/x.png" })).violations).toEqual([
        `SmileLink "vip-customer": ${input} is "http://acme.example/x.png"; allowed: https:// URLs only`,
      ]);
    },
  );

  it.each([
    ["ftp://acme.example/privacy", 1],
    ["HTTP://acme.example/privacy", 1],
    ["HTTPS://acme.example/privacy", 0],
    ["https://acme.example/privacy", 0],
  ])("counts %s as %i violation(s)", (url, count) => {
    expect(checkHttps(link({ dataPrivacyPolicyUrl: url })).violations).toHaveLength(count);
  });

  it("reports each plain-http URL of a link", () => {
    const inputs = { callbackUrl: "http://a.example/cb", redirectUrl: "http://a.example/done" };
    expect(checkHttps(link(inputs)).violations).toHaveLength(2);
  });

  it("leaves a URL not known until the update to the update's own check", () => {
    expect(checkHttps(link({ callbackUrl: UNKNOWN })).violations).toEqual([]);
  });
});

describe("smile-links-single-use", () => {
  it.each([
    ["a reusable link without user or expiry", { isSingleUse: false }, []],
    [
      "a single-use link with both",
      { isSingleUse: true, userId: "customer-1042", expiresAt: daysFromNow(1) },
      [],
    ],
    ["a single-use link without userId", { isSingleUse: true, expiresAt: "x" }, ["userId"]],
    ["a single-use link without expiresAt", { isSingleUse: true, userId: "c-1" }, ["expiresAt"]],
    ["a single-use link with neither", { isSingleUse: true }, ["userId", "expiresAt"]],
    [
      "a single-use link with an empty userId",
      { isSingleUse: true, userId: "", expiresAt: "x" },
      ["userId"],
    ],
    [
      "a single-use link whose user is not known yet",
      { isSingleUse: true, userId: UNKNOWN, expiresAt: "x" },
      [],
    ],
    ["a link whose single use is not known yet", { isSingleUse: UNKNOWN }, []],
  ])("on %s, faults %j", (_, inputs, faulted) => {
    const messages = checkSingleUse(link(inputs)).violations;
    expect(messages.map((message) => /and (\w+) is/.exec(message)?.[1])).toEqual(faulted);
  });

  it("says what is missing and what is allowed", () => {
    expect(checkSingleUse(link({ isSingleUse: true, userId: "c-1" })).violations).toEqual([
      'SmileLink "vip-customer": isSingleUse is true and expiresAt is not set; allowed: a ' +
        "single-use link with both userId (the user it verifies) and expiresAt (when it expires)",
    ]);
  });
});

describe("smile-links-allowed-domains", () => {
  it("passes every link and says why when no domains are configured", () => {
    const finding = checkAllowedDomains(link({ callbackUrl: "https://evil.example/cb" }), {});
    expect(finding.violations).toEqual([]);
    expect(finding.notApplicable).toMatch(/^no domains configured, so every callback/);
    expect(checkAllowedDomains(link(), { domains: [" "] }).notApplicable).toBeDefined();
  });

  it.each([
    ["https://acme.com/cb", ["acme.com"], true],
    ["https://pay.acme.com/cb", ["acme.com"], true],
    ["https://a.b.acme.com/cb", ["acme.com"], true],
    ["https://ACME.COM/cb", ["acme.com"], true],
    ["https://acme.com./cb", ["acme.com"], true],
    ["https://acme.com:8443/cb", ["acme.com"], true],
    ["https://acme.com/cb", ["*.acme.com"], true],
    ["https://pay.acme.com/cb", [" .Acme.Com. "], true],
    ["https://xn--bcher-kva.example/cb", ["bücher.example"], true],
    ["https://acme.io/cb", ["acme.com", "acme.io"], true],
    ["https://evilacme.com/cb", ["acme.com"], false],
    ["https://acme.com.evil.net/cb", ["acme.com"], false],
    ["https://acme.com@evil.net/cb", ["acme.com"], false],
    ["https://acme.com/cb", ["pay.acme.com"], false],
    ["not a url", ["acme.com"], false],
  ])("on callbackUrl %s with domains %j, allows it: %s", (url, domains, allowed) => {
    const { violations } = checkAllowedDomains(link({ callbackUrl: url }), { domains });
    expect(violations).toHaveLength(allowed ? 0 : 1);
  });

  it("checks redirectUrl too, naming the host and the allowed domains", () => {
    const inputs = { redirectUrl: "https://shop.evil.example/done" };
    expect(checkAllowedDomains(link(inputs), { domains: ["acme.example", "acme.io"] })).toEqual({
      violations: [
        'SmileLink "vip-customer": redirectUrl is "https://shop.evil.example/done" (host ' +
          "shop.evil.example); allowed: hosts within acme.example, acme.io (a domain allows its subdomains)",
      ],
    });
  });

  it("leaves the privacy policy and the logo, which users see rather than receive, to other hosts", () => {
    const inputs = {
      dataPrivacyPolicyUrl: "https://legal.example/p",
      logoUrl: "https://cdn.example/l.png",
    };
    expect(checkAllowedDomains(link(inputs), { domains: ["acme.example"] }).violations).toEqual([]);
  });

  it("leaves a URL not known until the update to the update's own check", () => {
    const finding = checkAllowedDomains(link({ callbackUrl: UNKNOWN }), { domains: ["x.example"] });
    expect(finding.violations).toEqual([]);
  });
});

describe("smile-links-max-expiry", () => {
  it.each([
    ["no expiry", undefined, {}, 0],
    ["one not known yet", UNKNOWN, {}, 0],
    [`exactly the default ${DEFAULT_MAX_DAYS} days`, daysFromNow(DEFAULT_MAX_DAYS), {}, 0],
    ["a second past the default", daysFromNow(DEFAULT_MAX_DAYS + 1 / 86400), {}, 1],
    ["30 days under maxDays 30", daysFromNow(30), { maxDays: 30 }, 0],
    ["31 days under maxDays 30", daysFromNow(31), { maxDays: 30 }, 1],
    ["a malformed date (check's business)", "next tuesday", { maxDays: 1 }, 0],
  ])("on %s, reports %i violation(s)", (_, expiresAt, config, count) => {
    expect(checkMaxExpiry(link({ expiresAt }), config, NOW).violations).toHaveLength(count);
  });

  it("says how far out the expiry is and the latest allowed", () => {
    expect(
      checkMaxExpiry(link({ expiresAt: "2030-12-31T23:59:59Z" }), { maxDays: 30 }, NOW),
    ).toEqual({
      violations: [
        'SmileLink "vip-customer": expiresAt is "2030-12-31T23:59:59Z", 1492 days from now; ' +
          "allowed: at most 30 days from now (until 2026-12-31T12:00:00.000Z)",
      ],
    });
  });
});

describe("smile-links-allowed-countries and smile-links-allowed-verification-methods", () => {
  const idTypes = [
    { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
    { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" },
  ];

  it("pass every link and say why when nothing is configured", () => {
    expect(checkAllowedCountries(link({ idTypes }), {}).notApplicable).toMatch(
      /^nothing configured, so every country passes/,
    );
    expect(checkAllowedVerificationMethods(link({ idTypes }), {}).notApplicable).toMatch(
      /^nothing configured, so every verificationMethod passes/,
    );
  });

  it("name each ID type of another country, and the countries allowed", () => {
    expect(checkAllowedCountries(link({ idTypes }), { countries: ["ng", "GH"] })).toEqual({
      violations: ['SmileLink "vip-customer": idTypes[1].country is "KE"; allowed: NG, GH'],
    });
  });

  it("name each ID type of another verification method, and the methods allowed", () => {
    const config = { verificationMethods: ["biometric_kyc"] };
    expect(checkAllowedVerificationMethods(link({ idTypes }), config)).toEqual({
      violations: [
        'SmileLink "vip-customer": idTypes[0].verificationMethod is "enhanced_kyc"; allowed: biometric_kyc',
      ],
    });
  });

  it("leave ID types not known until the update to the update's own check", () => {
    const config = { countries: ["GH"] };
    expect(checkAllowedCountries(link({ idTypes: UNKNOWN }), config).violations).toEqual([]);
    expect(checkAllowedCountries(link({ idTypes: [UNKNOWN] }), config).violations).toEqual([]);
  });
});

describe("reading a resource's inputs", () => {
  class Unknown extends Error {}
  /** As @pulumi/policy hands inputs over: a proxy that throws on a value not known yet. */
  function proxied(value: unknown, unknownKeys: string[]): unknown {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, {
      get: (target, key) => {
        if (typeof key === "string" && unknownKeys.includes(key)) throw new Unknown(key);
        return proxied((target as Record<string | symbol, unknown>)[key], unknownKeys);
      },
    });
  }
  const isUnknown = (error: unknown) => error instanceof Unknown;

  it("copies known values and marks unknown ones, at any depth", () => {
    const props = {
      callbackUrl: "cb",
      redirectUrl: "later",
      idTypes: [{ country: "NG", idType: "later" }],
    };
    const read = readInputs(proxied(props, ["redirectUrl", "idType"]) as typeof props, isUnknown);
    expect(read).toEqual({
      callbackUrl: "cb",
      redirectUrl: UNKNOWN,
      idTypes: [{ country: "NG", idType: UNKNOWN }],
    });
  });

  it("lets any other error through", () => {
    const props = proxied({ callbackUrl: "cb" }, ["callbackUrl"]) as Record<string, unknown>;
    expect(() => readInputs(props, () => false)).toThrow(Unknown);
  });
});

describe("the pack as npm ships it", () => {
  const root = path.resolve(__dirname, "../..");
  const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

  it("carries the package's version, which the CLI shows beside the pack's name", () => {
    expect(json("policy/package.json").version).toBe(json("package.json").version);
  });

  it("lists each of its files in package.json, so that no local node_modules ships", () => {
    const files: string[] = json("package.json").files;
    expect(files.filter((file) => file.startsWith("policy"))).toEqual([
      "policy/PulumiPolicy.yaml",
      "policy/package.json",
      "policy/index.js",
      "policy/inputs.js",
      "policy/policies.js",
      "policy/rules.js",
    ]);
    expect(json("package.json").dependencies["@pulumi/policy"]).toBeDefined();
  });
});
