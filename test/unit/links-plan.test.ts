import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadLinksFile } from "../../provider/links-file/load";
import {
  countActions,
  hasChanges,
  planLinks,
  PREVIEW_OPS,
  type LinkPlan,
} from "../../provider/links-file/plan";
import { IN_PLACE_FIELDS, REPLACE_FIELDS } from "../../provider/link/diff";
import { LINK_FIELDS, type LinkField } from "../../provider/link/fields";

/** The plan of two links files, each loaded as `pulumi up` and `smile-links diff` load it. */
function plan(base: object, head: object): LinkPlan[] {
  const load = (file: object, name: string) => {
    const { links, problems } = loadLinksFile(stringify(file), name);
    expect(problems).toEqual([]);
    return links;
  };
  return planLinks(load(base, "base.yaml"), load(head, "head.yaml"));
}

const DEFAULTS = {
  companyName: "Acme",
  callbackUrl: "https://acme.example/cb",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
};
const NG_BVN = { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" };
const KE_ID = { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" };

const link = (overrides: Record<string, unknown> = {}) => ({
  name: "Onboarding",
  idTypes: [NG_BVN],
  ...overrides,
});
const file = (links: Record<string, object>, defaults: object = DEFAULTS) => ({
  defaults,
  links,
});

/** One link's plan when its inputs go from `before` to `after`. */
const planOf = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  plan(file({ a: link(before) }), file({ a: link(after) }))[0]!;

/** A change of each input, from a base value (undefined: not set) to a head value. */
const FIELD_CHANGES = {
  name: ["Onboarding", "Onboarding v2"],
  companyName: ["Acme", "Acme Ltd"],
  idTypes: [[NG_BVN], [NG_BVN, KE_ID]],
  callbackUrl: ["https://acme.example/cb", "https://acme.example/cb2"],
  dataPrivacyPolicyUrl: ["https://acme.example/privacy", "https://acme.example/privacy2"],
  logoUrl: [undefined, "https://acme.example/logo.png"],
  isSingleUse: [false, true],
  userId: ["customer-1", "customer-2"],
  expiresAt: ["2030-01-01T00:00:00.000Z", "2031-01-01T00:00:00.000Z"],
  partnerParams: [{ team: "kyc" }, { team: "growth" }],
  redirectUrl: ["https://acme.example/done", undefined],
  isDisabled: [false, true],
  adoptRefId: ["9b1c2d3e", "7a6b5c4d"],
} satisfies Record<LinkField, [unknown, unknown]>;

/** What else a field's values need: a user id belongs to a single-use link. */
const NEEDS: Partial<Record<LinkField, object>> = { userId: { isSingleUse: true } };

const fieldCase = (field: LinkField) => {
  const [before, after] = FIELD_CHANGES[field];
  const set = (value: unknown) => ({
    ...NEEDS[field],
    ...(value === undefined ? {} : { [field]: value }),
  });
  return { field, before: set(before), after: set(after), old: before, new: after };
};

describe("diff plan: each input, as the provider's diff rules apply it", () => {
  it("covers every input of a link", () => {
    expect(Object.keys(FIELD_CHANGES).sort()).toEqual([...LINK_FIELDS].sort());
  });

  it.each(REPLACE_FIELDS.map(fieldCase))(
    "replaces the link when $field changes, naming the field",
    ({ field, before, after, old, new: value }) => {
      expect(planOf(before, after)).toMatchObject({
        action: "replaced",
        replacedBy: [field],
        changes: [{ field, change: "replace", old, new: value }],
      });
    },
  );

  it.each(IN_PLACE_FIELDS.map(fieldCase))(
    "updates the link in place when $field changes, with its old and new values",
    ({ field, before, after }) => {
      const result = planOf(before, after);
      expect(result).toMatchObject({ action: "updated", replacedBy: [] });
      expect(result.changes).toEqual([
        { field, change: "in place", old: expect.anything(), new: expect.anything() },
      ]);
    },
  );

  it("gives the old and new ID types of an update", () => {
    expect(planOf({}, { idTypes: [NG_BVN, KE_ID] }).changes).toEqual([
      { field: "idTypes", change: "in place", old: [NG_BVN], new: [NG_BVN, KE_ID] },
    ]);
  });

  it("changes nothing when only adoptRefId changes on an existing link", () => {
    const { before, after } = fieldCase("adoptRefId");
    expect(planOf(before, after)).toMatchObject({ action: "unchanged", changes: [] });
  });

  it("replaces a link whose replacing and in-place inputs both change, listing each", () => {
    const result = planOf({}, { name: "Renamed", isDisabled: true });
    expect(result.action).toBe("replaced");
    expect(result.replacedBy).toEqual(["name"]);
    expect(result.changes.map(({ field, change }) => [field, change])).toEqual([
      ["name", "replace"],
      ["isDisabled", "in place"],
    ]);
  });
});

describe("diff plan: what means the same link", () => {
  it.each([
    {
      what: "ID types in another order",
      before: { idTypes: [NG_BVN, KE_ID] },
      after: { idTypes: [KE_ID, NG_BVN] },
    },
    {
      what: "a lower-case country",
      before: {},
      after: { idTypes: [{ ...NG_BVN, country: "ng" }] },
    },
    { what: "isSingleUse: false and no isSingleUse", before: {}, after: { isSingleUse: false } },
    { what: "isDisabled: false and no isDisabled", before: { isDisabled: false }, after: {} },
    {
      what: "the same instant in another notation",
      before: { expiresAt: "2030-01-01T00:00:00Z" },
      after: { expiresAt: "2030-01-01T01:00:00+01:00" },
    },
    {
      what: "partnerParams in another key order",
      before: { partnerParams: { a: "1", b: "2" } },
      after: { partnerParams: { b: "2", a: "1" } },
    },
    { what: "empty partnerParams and none", before: { partnerParams: {} }, after: {} },
    { what: "a name with spaces around it", before: {}, after: { name: "  Onboarding " } },
    { what: "an adoptRefId dropped after adoption", before: { adoptRefId: "9b1c2d3e" }, after: {} },
  ])("leaves a link unchanged for $what", ({ before, after }) => {
    expect(planOf(before, after)).toMatchObject({ action: "unchanged", changes: [] });
  });

  it("leaves a link unchanged when a value moves between defaults and the link", () => {
    const base = file({ a: link() });
    const { companyName, ...rest } = DEFAULTS;
    const head = file({ a: link({ companyName }) }, rest);
    expect(plan(base, head)[0]!.action).toBe("unchanged");
  });

  it("replaces every link that inherits a changed default", () => {
    const base = file({
      a: link(),
      b: link({ name: "B" }),
      c: link({ callbackUrl: "https://c.example/cb" }),
    });
    const head = { ...base, defaults: { ...DEFAULTS, callbackUrl: "https://acme.example/v2/cb" } };
    expect(plan(base, head).map(({ name, action }) => [name, action])).toEqual([
      ["a", "replaced"],
      ["b", "replaced"],
      ["c", "unchanged"],
    ]);
  });
});

describe("diff plan: links added and removed", () => {
  it("creates a link the head file adds", () => {
    const [created] = plan(file({}), file({ a: link() }));
    expect(created).toMatchObject({ name: "a", action: "created", changes: [] });
    expect(created!.inputs).toMatchObject({ name: "Onboarding", ...DEFAULTS });
  });

  it("adopts a link the head file adds with adoptRefId, naming the link taken over", () => {
    const [adopted] = plan(file({}), file({ a: link({ adoptRefId: "9b1c2d3e" }) }));
    expect(adopted).toMatchObject({ action: "adopted", adoptRefId: "9b1c2d3e" });
  });

  it("disables a link the head file removes: delete means disable", () => {
    const [disabled] = plan(file({ a: link() }), file({}));
    expect(disabled).toMatchObject({ name: "a", action: "disabled", changes: [] });
    expect(disabled!.inputs?.name).toBe("Onboarding");
  });

  it("disables the old key and creates the new one when a link is renamed", () => {
    const result = plan(file({ a: link() }), file({ b: link() }));
    expect(result.map(({ name, action }) => [name, action])).toEqual([
      ["b", "created"],
      ["a", "disabled"],
    ]);
  });

  it("lists the head file's links in its order, then the links only the base file has", () => {
    const base = file({ x: link(), a: link(), y: link() });
    const head = file({ b: link(), a: link({ name: "A2" }) });
    expect(plan(base, head).map(({ name }) => name)).toEqual(["b", "a", "x", "y"]);
  });
});

describe("diff plan: its summary", () => {
  const base = file({ kept: link(), moved: link(), renamed: link(), gone: link() });
  const head = file({
    kept: link(),
    moved: link({ idTypes: [KE_ID] }),
    renamed: link({ name: "New name" }),
    fresh: link(),
    taken: link({ adoptRefId: "9b1c2d3e" }),
  });

  it("counts the links of each action", () => {
    expect(countActions(plan(base, head))).toEqual({
      created: 1,
      adopted: 1,
      updated: 1,
      replaced: 1,
      disabled: 1,
      unchanged: 1,
    });
  });

  it.each([
    { what: "some link changes", base, head, changes: true },
    { what: "no link changes", base, head: base, changes: false },
    { what: "both files are empty", base: file({}), head: file({}), changes: false },
  ])("says whether anything changes when $what", ({ base: b, head: h, changes }) => {
    expect(hasChanges(plan(b, h))).toBe(changes);
  });

  it.each([
    ["created", "create"],
    ["adopted", "create"],
    ["updated", "update"],
    ["replaced", "replace"],
    ["disabled", "delete"],
    ["unchanged", "same"],
  ] as const)("shows a link %s as pulumi preview's %s step", (action, op) => {
    expect(PREVIEW_OPS[action]).toBe(op);
  });
});
