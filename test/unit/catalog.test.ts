import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSmileLinksError } from "../../provider/errors";
import {
  catalogProblems,
  loadCatalog,
  parseCatalog,
  parseCatalogMode,
  type CatalogEntry,
} from "../../provider/link/catalog";
import catalogData from "../../provider/link/catalog-data.json";
import { ISO_COUNTRY_CODES } from "../../provider/link/countries";
import { VERIFICATION_METHODS } from "../../provider/link/types";
import { linkArgs } from "../helpers/links";

const entry = (country: string, idType: string, verificationMethod: string): CatalogEntry => ({
  country,
  idType,
  verificationMethod,
});

describe("catalogProblems", () => {
  it.each([
    ["NG", "BVN", "enhanced_kyc"],
    ["NG", "BVN", "biometric_kyc"],
    ["NG", "NIN_V2", "biometric_kyc"],
    ["NG", "V_NIN", "enhanced_kyc"],
    ["NG", "PASSPORT", "doc_verification"],
    ["GH", "GHANA_CARD", "biometric_kyc"],
    ["GH", "PASSPORT", "enhanced_document_verification"],
    ["KE", "NATIONAL_ID", "biometric_kyc"],
    ["KE", "KRA_PIN", "enhanced_kyc"],
    ["KE", "ALIEN_CARD", "doc_verification"],
    ["ZA", "NATIONAL_ID_NO_PHOTO", "enhanced_kyc"],
    ["UG", "NATIONAL_ID_NO_PHOTO", "enhanced_kyc"],
    ["ZM", "TPIN", "enhanced_kyc"],
    ["CI", "RESIDENT_ID_NO_PHOTO", "enhanced_kyc"],
    ["US", "DRIVERS_LICENSE", "doc_verification"],
  ])("accepts %s %s with %s", (country, idType, method) => {
    expect(catalogProblems([entry(country, idType, method)])).toEqual([]);
  });

  it("accepts the ID types of the test links", () => {
    expect(catalogProblems(linkArgs().idTypes as CatalogEntry[])).toEqual([]);
  });

  it("rejects a country the catalog does not list, naming supported countries", () => {
    expect(catalogProblems([entry("AQ", "PASSPORT", "doc_verification")])).toEqual([
      {
        property: "idTypes[0].country",
        reason: expect.stringMatching(
          /^is not a country in Smile ID's catalog; got "AQ"; supported: CI, GH, KE, NG, UG, ZA, ZM, ZW, .* and \d+ more$/,
        ),
      },
    ]);
  });

  it.each([
    ["NG", "NIN_V3", "enhanced_kyc", "NIN_V2"],
    ["GH", "PASPORT", "doc_verification", "PASSPORT"],
    ["KE", "KRA_PINN", "enhanced_kyc", "KRA_PIN"],
    ["ZA", "NATIONAL_IDD", "biometric_kyc", "NATIONAL_ID"],
  ])("suggests a close ID type for %s %s", (country, idType, method, suggestion) => {
    const [problem, ...rest] = catalogProblems([entry(country, idType, method)]);
    expect(rest).toEqual([]);
    expect(problem).toEqual({
      property: "idTypes[0].idType",
      reason: expect.stringContaining(
        `is not an ID type for ${country} in Smile ID's catalog; got "${idType}"; did you mean "${suggestion}"?`,
      ),
    });
    expect(problem!.reason).toContain(`? Supported for ${country}: `);
  });

  it("lists the country's ID types when no ID type is close", () => {
    const [problem] = catalogProblems([entry("NG", "LIBRARY_CARD", "enhanced_kyc")]);
    expect(problem!.reason).not.toContain("did you mean");
    expect(problem!.reason).toMatch(
      /catalog; got "LIBRARY_CARD"\. Supported for NG: BANK_ACCOUNT, BVN, DRIVERS_LICENSE, /,
    );
  });

  it("says which countries list an ID type asked for in the wrong country", () => {
    const [problem] = catalogProblems([entry("GH", "BVN", "enhanced_kyc")]);
    expect(problem!.reason).toContain(
      `catalog; got "BVN" (it is listed for NG). Supported for GH: `,
    );
  });

  it("prefers a suggestion that supports the method asked for", () => {
    const catalog = parseCatalog({
      source: ["https://example.com/catalog"],
      retrieved: "2026-11-25",
      countries: {
        NG: {
          name: "Nigeria",
          idTypes: { CARD_A: ["doc_verification"], CARD_B: ["enhanced_kyc"] },
        },
      },
    });
    const [problem] = catalogProblems([entry("NG", "CARD_C", "enhanced_kyc")], catalog);
    expect(problem!.reason).toContain('did you mean "CARD_B"?');
  });

  it.each([
    [
      "NG",
      "BVN",
      "doc_verification",
      "NG BVN supports enhanced_kyc, biometric_kyc; got doc_verification",
    ],
    ["KE", "KRA_PIN", "biometric_kyc", "KE KRA_PIN supports enhanced_kyc; got biometric_kyc"],
    [
      "ZA",
      "NATIONAL_ID_NO_PHOTO",
      "biometric_kyc",
      "ZA NATIONAL_ID_NO_PHOTO supports enhanced_kyc; got biometric_kyc",
    ],
  ])("rejects a method %s %s does not support (%s)", (country, idType, method, reason) => {
    expect(catalogProblems([entry(country, idType, method)])).toEqual([
      { property: "idTypes[0].verificationMethod", reason },
    ]);
  });

  it("reports at most one problem per entry, at that entry's index", () => {
    const problems = catalogProblems([
      entry("NG", "BVN", "enhanced_kyc"),
      entry("AQ", "NOT_A_TYPE", "selfie"),
      entry("NG", "BVN", "doc_verification"),
    ]);
    expect(problems.map((problem) => problem.property)).toEqual([
      "idTypes[1].country",
      "idTypes[2].verificationMethod",
    ]);
  });
});

describe("the catalog data file", () => {
  const countries = Object.entries(catalogData.countries) as [
    string,
    { name: string; idTypes: Record<string, string[]> },
  ][];

  it("uses only ISO country codes and upper-case ID type names", () => {
    for (const [code, country] of countries) {
      expect(ISO_COUNTRY_CODES.has(code), code).toBe(true);
      expect(country.name, code).not.toBe("");
      for (const idType of Object.keys(country.idTypes)) {
        expect(idType, `${code} ${idType}`).toMatch(/^[A-Z0-9_]{1,64}$/);
      }
    }
  });

  it("uses only the four verification methods, each at most once per ID type", () => {
    for (const [code, country] of countries) {
      for (const [idType, methods] of Object.entries(country.idTypes)) {
        expect(methods.length, `${code} ${idType}`).toBeGreaterThan(0);
        expect(new Set(methods).size, `${code} ${idType}`).toBe(methods.length);
        for (const method of methods) {
          expect(VERIFICATION_METHODS, `${code} ${idType}`).toContain(method);
        }
      }
    }
  });

  it("records its sources and the date they were read", () => {
    expect(catalogData.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(catalogData.source.length).toBeGreaterThan(0);
    for (const source of catalogData.source) expect(source).toMatch(/^https:\/\//);
    expect(catalogData.source.some((url) => url.startsWith("https://docs.usesmileid.com/"))).toBe(
      true,
    );
  });

  it("covers the countries Smile ID verifies by ID number", () => {
    const catalog = loadCatalog();
    for (const code of ["NG", "GH", "KE", "ZA", "UG", "ZM", "ZW", "CI"]) {
      expect(catalog.countries[code], code).toBeDefined();
    }
  });

  it("stays well under 200 KB", () => {
    const size = statSync(join(__dirname, "../../provider/link/catalog-data.json")).size;
    expect(size).toBeLessThan(200_000);
  });

  it("is rejected when an entry names an unknown method", () => {
    const broken = {
      source: ["https://example.com/catalog"],
      retrieved: "2026-11-25",
      countries: { NG: { name: "Nigeria", idTypes: { BVN: ["basic_kyc"] } } },
    };
    expect(() => parseCatalog(broken)).toThrow(
      /catalog is invalid at countries\.NG\.idTypes\.BVN\.0/,
    );
  });
});

describe("parseCatalogMode", () => {
  it.each([
    [undefined, "strict"],
    ["", "strict"],
    ["strict", "strict"],
    ["warn", "warn"],
    ["off", "off"],
    [" WARN ", "warn"],
  ])("reads %j as %s", (value, mode) => {
    expect(parseCatalogMode(value)).toBe(mode);
  });

  it("rejects other values with a config error that names the key and the allowed values", () => {
    let thrown: unknown;
    try {
      parseCatalogMode("loose");
    } catch (error) {
      thrown = error;
    }
    expect(isSmileLinksError(thrown) && thrown.kind).toBe("config");
    expect((thrown as Error).message).toBe(
      'smileid:idTypeCatalog must be strict, warn or off; got "loose".',
    );
  });
});
