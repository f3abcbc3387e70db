import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../provider/link/catalog";
import { LINK_FIELDS } from "../../provider/link/fields";
import type { SmileLinkInputs } from "../../provider/link/types";
import { clientFor, useEmulator } from "../helpers/emulator";
import { linkArgs } from "../helpers/links";
import { configureFor, smileLinkProvider as provider } from "../helpers/provider";

/**
 * Properties of `check` over generated inputs, with fixed seeds so that every run sees the
 * same cases: it never throws, its output checks again unchanged, and the emulator takes
 * every link it accepts.
 */
const emulator = useEmulator();

beforeEach(() => configureFor(emulator()));

const SEED = 20240229;

async function check(news: unknown) {
  return provider.check({} as SmileLinkInputs, news as never);
}

/** Any value a decoded Pulumi property could hold, and a few JSON cannot. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, "", " ", "\u0000", "__proto__"),
);

/** Objects whose keys are mostly the link's own, with anything as values. */
const jsonishInputs = fc.dictionary(
  fc.oneof(fc.constantFrom(...LINK_FIELDS), fc.string({ maxLength: 12 })),
  anyValue,
  { maxKeys: 16 },
);

/** A valid link with one field replaced by anything, or removed. */
const mutatedInputs = fc
  .tuple(fc.constantFrom(...LINK_FIELDS), fc.option(anyValue, { nil: undefined }))
  .map(([field, value]) => {
    const args = linkArgs();
    if (value === undefined) delete args[field];
    else args[field] = value;
    return args;
  });

/** An ID type from Smile ID's catalog, in the case a program might write it. */
const catalogIdType = fc.constant(loadCatalog().countries).chain((countries) =>
  fc.constantFrom(...Object.keys(countries)).chain((country) => {
    const idTypes = countries[country]!.idTypes;
    return fc.constantFrom(...Object.keys(idTypes)).chain((idType) =>
      fc.record({
        country: fc.constantFrom(country, country.toLowerCase()),
        idType: fc.constantFrom(idType, idType.toLowerCase()),
        verificationMethod: fc.constantFrom(...idTypes[idType]!),
      }),
    );
  }),
);
const text = fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" });
const url = fc.webUrl({ validSchemes: ["http", "https"], withQueryParameters: true });
const isoDate = fc
  .date({ min: new Date("2031-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z") })
  .filter((date) => !Number.isNaN(date.getTime()))
  .map((date) => date.toISOString());

/** Links as a program could declare them: valid more often than not. */
const plausibleInputs = fc
  .record(
    {
      name: text,
      companyName: text,
      idTypes: fc.uniqueArray(catalogIdType, {
        minLength: 1,
        maxLength: 4,
        selector: (t) => `${t.country.toUpperCase()}/${t.idType.toUpperCase()}`,
      }),
      callbackUrl: url,
      dataPrivacyPolicyUrl: url,
      logoUrl: url.map((base) => `${base.split(/[?#]/)[0]}/logo.png`),
      isSingleUse: fc.boolean(),
      expiresAt: isoDate,
      partnerParams: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), text, {
        maxKeys: 5,
      }),
      redirectUrl: url,
      isDisabled: fc.boolean(),
    },
    { requiredKeys: ["name", "companyName", "idTypes", "callbackUrl", "dataPrivacyPolicyUrl"] },
  )
  .chain((link) =>
    link.isSingleUse
      ? fc.record({ userId: text }).map((extra) => ({ ...link, ...extra }))
      : fc.constant(link),
  );

describe("check over generated inputs", () => {
  it("never throws on JSON-ish values, and answers inputs or failures", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonishInputs, mutatedInputs, anyValue), async (news) => {
        const result = await check(news);
        for (const failure of result.failures ?? []) {
          expect(failure).toEqual({ property: expect.any(String), reason: expect.any(String) });
        }
        if (!result.failures?.length) expect(result.inputs).toEqual(expect.any(Object));
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(emulator().requests).toEqual([]);
  });

  it("accepts its own output again unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(plausibleInputs, async (news) => {
        const first = await check(news);
        fc.pre(!first.failures?.length);
        const again = await check(first.inputs);
        expect(again.failures).toBeUndefined();
        expect(again.inputs).toEqual(first.inputs);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("check and the API agree", () => {
  it("lets through only links the emulator creates", async () => {
    const api = clientFor(emulator());
    let created = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(plausibleInputs, mutatedInputs), async (news) => {
        const result = await check(news);
        if (result.failures?.length || !result.inputs) return;
        const link = await api.create(result.inputs);
        expect(emulator().store.get(link.refId)).toBeDefined();
        created++;
      }),
      { seed: SEED, numRuns: 50 },
    );
    // The generators must reach the API often enough for the property to mean something.
    expect(created).toBeGreaterThan(10);
  });
});
