import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, expectTypeOf, it } from "vitest";
import { IN_PLACE_FIELDS, REPLACE_FIELDS } from "../../provider/link/diff";
import type { OutputField } from "../../provider/link/output-fields";
import type { LinkField } from "../../provider/link/fields";
import type { LinkArgs, LinkInputs } from "../../provider/link/types";
import type {
  IdTypeArgs,
  SmileLinkArgs,
  SmileLinkProperties,
} from "../../provider/dynamic/declarations";
import { declarationsSource } from "../../provider/codegen/declarations-source";

/**
 * The generated TypeScript declarations of SmileLink (dynamic/declarations.ts): the schema
 * tests check that the committed file is what `npm run schema` writes; these check that what
 * it writes agrees with the model's own types and diff rules.
 */

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** The doc comment of `field`'s member in the declaration of `type`. */
function docOf(type: string, field: string): string {
  const body = declarationsSource().split(`export interface ${type} {`)[1]!.split("\n}")[0]!;
  const doc = new RegExp(`/\\*\\* (.*) \\*/\\n\\s+(readonly )?${field}\\??:`).exec(body)?.[1];
  if (doc === undefined) throw new Error(`${type}.${field} has no doc comment`);
  return doc;
}

describe("SmileLink's generated declarations", () => {
  it("name each input of the field rules as an argument, and nothing else", () => {
    expectTypeOf<keyof SmileLinkArgs>().toEqualTypeOf<LinkField>();
  });

  it("accept every plain value the field rules accept", () => {
    expectTypeOf<LinkArgs>().toExtend<SmileLinkArgs>();
    expectTypeOf<LinkArgs["idTypes"][number]>().toExtend<IdTypeArgs>();
  });

  it("require the inputs the field rules require", () => {
    expectTypeOf<RequiredKeys<SmileLinkArgs>>().toEqualTypeOf<RequiredKeys<LinkArgs>>();
    expectTypeOf<RequiredKeys<IdTypeArgs>>().toEqualTypeOf<
      RequiredKeys<LinkArgs["idTypes"][number]>
    >();
  });

  it("give the resource each input and each output as a property, typed as checked", () => {
    expectTypeOf<keyof SmileLinkProperties>().toEqualTypeOf<LinkField | OutputField>();
    expectTypeOf<SmileLinkProperties["idTypes"]>().toEqualTypeOf<
      pulumi.Output<LinkInputs["idTypes"]>
    >();
    expectTypeOf<SmileLinkProperties["expiresAt"]>().toEqualTypeOf<
      pulumi.Output<LinkInputs["expiresAt"]>
    >();
  });

  it.each(REPLACE_FIELDS)("say that changing %s replaces the link", (field) => {
    expect(docOf("SmileLinkArgs", field)).toMatch(/Changing it replaces the link\.$/);
  });

  it.each(IN_PLACE_FIELDS)("say that %s changes in place", (field) => {
    expect(docOf("SmileLinkArgs", field)).toMatch(/Changes in place\.$/);
  });

  it("carry the field rules' descriptions and defaults", () => {
    expect(docOf("SmileLinkArgs", "isDisabled")).toBe(
      "A disabled link accepts no new jobs. Default false. Changes in place.",
    );
    expect(docOf("IdTypeArgs", "country")).toBe("ISO 3166-1 alpha-2 country code, such as NG.");
    expect(docOf("SmileLinkProperties", "refId")).toBe("The API's ref_id; also the resource id.");
  });
});
