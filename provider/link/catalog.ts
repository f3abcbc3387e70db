import { z } from "zod";
import { SmileLinksError } from "../errors";
import catalogData from "./catalog-data.json";
import type { Failure } from "./failures";
import { closestMatch } from "./suggest";
import { VERIFICATION_METHODS, type VerificationMethod } from "./types";

/**
 * Smile ID's ID-type catalog: which countries, ID types and verification methods a link may
 * ask for. The data (`catalog-data.json`) cites its sources and the date it was read; it can
 * lag behind Smile ID, which is why `smileid:idTypeCatalog` can relax the check.
 */

/** How `check` treats entries the catalog does not list: fail, warn, or not look. */
export type CatalogMode = "strict" | "warn" | "off";

export const CATALOG_MODES: readonly CatalogMode[] = ["strict", "warn", "off"];

/** The stack config key that sets the catalog mode. */
const CATALOG_MODE_CONFIG_KEY = "smileid:idTypeCatalog";

export interface CatalogCountry {
  name: string;
  /** ID type -> the verification methods Smile ID lists for it in this country. */
  idTypes: Readonly<Record<string, readonly VerificationMethod[]>>;
}

export interface IdTypeCatalog {
  /** URLs of the documentation and repository files the entries come from. */
  source: readonly string[];
  /** ISO date the sources were read. */
  retrieved: string;
  /** Decisions taken where the sources were silent or disagreed. */
  notes: readonly string[];
  /** ISO 3166-1 alpha-2 code -> country. */
  countries: Readonly<Record<string, CatalogCountry>>;
}

/** One requested ID type, already normalized (country and idType upper-case). */
export interface CatalogEntry {
  country: string;
  idType: string;
  verificationMethod: string;
}

const UPPER_SNAKE = /^[A-Z0-9_]+$/;

const catalogSchema = z.strictObject({
  source: z.array(z.url()).min(1),
  retrieved: z.iso.date(),
  notes: z.array(z.string()).default([]),
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/),
    z.strictObject({
      name: z.string().min(1),
      idTypes: z.record(
        z.string().regex(UPPER_SNAKE),
        z.array(z.enum(VERIFICATION_METHODS)).min(1),
      ),
    }),
  ),
});

let loaded: IdTypeCatalog | undefined;

/** The packaged catalog, checked against its schema on first use (not at import time). */
export function loadCatalog(): IdTypeCatalog {
  loaded ??= parseCatalog(catalogData);
  return loaded;
}

/** Validates catalog data; throws naming the first bad path, so a broken data file fails fast. */
export function parseCatalog(data: unknown): IdTypeCatalog {
  const parsed = catalogSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`ID-type catalog is invalid at ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** Reads `smileid:idTypeCatalog`; unset or empty means strict. */
export function parseCatalogMode(
  value: string | undefined,
  source: string = CATALOG_MODE_CONFIG_KEY,
): CatalogMode {
  const mode = value?.trim().toLowerCase();
  if (!mode) return "strict";
  if ((CATALOG_MODES as readonly string[]).includes(mode)) return mode as CatalogMode;
  throw new SmileLinksError(
    "config",
    `${source} must be strict, warn or off; got ${JSON.stringify(value)}.`,
    { setting: "idTypeCatalog" },
  );
}

/**
 * What the catalog says is wrong with each entry, at most one problem per entry: an unknown
 * country, then an ID type the country does not list, then a method the ID type does not
 * support. Pure: the caller decides whether problems are failures, warnings or ignored.
 */
export function catalogProblems(
  idTypes: readonly (CatalogEntry | undefined)[],
  catalog: IdTypeCatalog = loadCatalog(),
): Failure[] {
  const problems: Failure[] = [];
  idTypes.forEach((entry, index) => {
    // An entry that failed its own rules (undefined) has its problem reported already.
    const problem = entry && entryProblem(entry, catalog);
    if (problem) {
      problems.push({ property: `idTypes[${index}].${problem.field}`, reason: problem.reason });
    }
  });
  return problems;
}

function entryProblem(
  { country, idType, verificationMethod }: CatalogEntry,
  catalog: IdTypeCatalog,
): { field: keyof CatalogEntry; reason: string } | undefined {
  const entry = catalog.countries[country];
  if (!entry) {
    return {
      field: "country",
      reason: `is not a country in Smile ID's catalog; got "${country}"; supported: ${listUpTo(countryOrder(catalog), 15)}`,
    };
  }
  const methods = entry.idTypes[idType];
  if (!methods) {
    return {
      field: "idType",
      reason: unknownIdTypeReason(country, idType, verificationMethod, catalog),
    };
  }
  if (!(methods as readonly string[]).includes(verificationMethod)) {
    return {
      field: "verificationMethod",
      reason: `${country} ${idType} supports ${methods.join(", ")}; got ${verificationMethod}`,
    };
  }
  return undefined;
}

function unknownIdTypeReason(
  country: string,
  idType: string,
  method: string,
  catalog: IdTypeCatalog,
): string {
  const known = catalog.countries[country]!.idTypes;
  const all = Object.keys(known);
  // A typo is most likely of an ID type that supports the method asked for.
  const withMethod = all.filter((name) => (known[name] as readonly string[]).includes(method));
  const suggestion = closestMatch(idType, withMethod) ?? closestMatch(idType, all);
  const elsewhere = Object.keys(catalog.countries).filter(
    (code) => catalog.countries[code]!.idTypes[idType] !== undefined,
  );
  let reason = `is not an ID type for ${country} in Smile ID's catalog; got "${idType}"`;
  if (elsewhere.length > 0) reason += ` (it is listed for ${listUpTo(elsewhere, 5)})`;
  reason += suggestion ? `; did you mean "${suggestion}"?` : ".";
  return `${reason} Supported for ${country}: ${listUpTo(all, 20)}`;
}

/** Countries with ID-number (KYC) types first: they are the ones a typo most likely meant. */
function countryOrder(catalog: IdTypeCatalog): string[] {
  const byNumber = (code: string) =>
    Object.values(catalog.countries[code]!.idTypes).some((methods) =>
      methods.some((method) => method === "enhanced_kyc" || method === "biometric_kyc"),
    );
  const codes = Object.keys(catalog.countries).sort();
  return [...codes.filter(byNumber), ...codes.filter((code) => !byNumber(code))];
}

function listUpTo(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
