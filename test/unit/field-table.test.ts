import { describe, expect, it } from "vitest";
import { z } from "zod";
import { declarationsSource } from "../../provider/codegen/declarations-source";
import { linksFileJsonSchema } from "../../provider/codegen/links-file-schema";
import { packageSchema } from "../../provider/codegen/package-schema";
import { referenceMarkdown } from "../../provider/codegen/reference-page";
import { canonical, changeOf } from "../../provider/link/diff";
import {
  fieldsWhere,
  INPUT_FIELDS,
  linkJsonSchema,
  type InputSpec,
} from "../../provider/link/fields";
import {
  answerSchema,
  fromWireLink,
  toCreateBody,
  toUpdateBody,
  type LinkChanges,
} from "../../provider/link/wire";
import { linkInputs } from "../helpers/links";

/**
 * A field is declared once, in the field table (provider/link/fields.ts): everything else a
 * field needs derives from its entry. Each test adds fields to a copy of the table and checks
 * that one derived list or document carries them, as docs/development.md's "Adding a field"
 * promises.
 */
const promoUrl: InputSpec = {
  rule: z.url().optional(),
  doc: "Where the link's page sends users for a promotion.",
  wire: "promo_url",
  change: "replace",
  sentIn: "create",
  answer: "text",
  url: true,
};
const reviewedOn: InputSpec = {
  rule: z.iso.datetime().optional(),
  doc: "When compliance last reviewed the link.",
  wire: "reviewed_on",
  change: "in place",
  sentIn: "update",
  answer: "dateTime",
};
const table = { ...INPUT_FIELDS, promoUrl, reviewedOn };

describe("a field added to the field table", () => {
  it("goes into the create body under its wire name, when it is sent at create", () => {
    const inputs = { ...linkInputs(), promoUrl: "https://acme.example/promo" };
    const body = toCreateBody(inputs, undefined, table);
    expect(body.promo_url).toBe("https://acme.example/promo");
    expect(body).not.toHaveProperty("reviewed_on");
  });

  it("goes into an update body under its wire name, when it changes in place", () => {
    const changes = { reviewedOn: "2030-01-01T00:00:00.000Z" } as LinkChanges;
    expect(toUpdateBody(changes, table)).toEqual({ reviewed_on: "2030-01-01T00:00:00.000Z" });
  });

  it("is read from get, update and list answers under its wire name, by its kind", () => {
    const answer = answerSchema(table).parse({
      id_types: [],
      promo_url: "https://acme.example/promo",
      reviewed_on: 1_893_456_000,
    });
    const live: Record<string, unknown> = { ...fromWireLink(answer, "ref-1", table) };
    expect(live.promoUrl).toBe("https://acme.example/promo");
    expect(live.reviewedOn).toBe("2030-01-01T00:00:00.000Z");
  });

  it("is diffed as its change kind says, compared as its kind of value", () => {
    expect(changeOf("promoUrl", table)).toBe("replace");
    expect(changeOf("reviewedOn", table)).toBe("in place");
    expect(canonical("reviewedOn", "2030-01-01T01:00:00+01:00", table)).toBe(
      canonical("reviewedOn", "2030-01-01T00:00:00Z", table),
    );
  });

  it("joins the URL inputs that check and the policy pack hold to https", () => {
    expect(fieldsWhere(table, (spec) => spec.url === true)).toContain("promoUrl");
  });

  it("is in the JSON Schema of a link's inputs, with its doc", () => {
    const properties = linkJsonSchema(table).properties ?? {};
    expect(properties.promoUrl?.description).toBe(promoUrl.doc);
    expect(properties.reviewedOn?.format).toBe("date-time");
  });

  it("is in the links file's JSON Schema, under defaults and under each link", () => {
    const schema = linksFileJsonSchema(table) as {
      properties: Record<string, { properties?: object; additionalProperties?: object }>;
    };
    expect(schema.properties.defaults!.properties).toHaveProperty("promoUrl");
    expect(schema.properties.links!.additionalProperties).toMatchObject({
      properties: { promoUrl: { description: promoUrl.doc } },
    });
  });

  it("is an input of the package schema, which marks a replacing field as such", () => {
    const schema = packageSchema("0.0.0", table) as {
      resources: Record<string, { inputProperties: Record<string, Record<string, unknown>> }>;
    };
    const inputs = schema.resources["smileid:index:SmileLink"]!.inputProperties;
    expect(inputs.promoUrl).toMatchObject({ type: "string", willReplaceOnChanges: true });
    expect(inputs.reviewedOn).not.toHaveProperty("willReplaceOnChanges");
  });

  it("is declared on SmileLinkArgs with its doc and what a change does", () => {
    const source = declarationsSource(table);
    expect(source).toContain(
      `  /** ${promoUrl.doc} Changing it replaces the link. */\n  promoUrl?: pulumi.Input<string>;`,
    );
    expect(source).toContain("readonly reviewedOn: pulumi.Output<string | undefined>;");
  });

  it("has a row on the reference page with its wire name and change", () => {
    const page = referenceMarkdown(table);
    expect(page).toMatch(/\| `promoUrl` \| `promo_url` \| [^|]+ \| replaces the link \|/);
    expect(page).toMatch(
      /\| `reviewedOn` \| `reviewed_on` \(update only\) \| [^|]+ \| updates in place \|/,
    );
  });
});
