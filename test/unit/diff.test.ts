import { describe, expect, it } from "vitest";
import { diffLink, inPlaceChanges, REPLACE_FIELDS } from "../../provider/link/diff";
import { UNKNOWN } from "../../provider/link/engine-values";
import { linkInputs } from "../helpers/links";

const olds = {
  ...linkInputs({ expiresAt: "2099-01-01T00:00:00.000Z", partnerParams: { a: "1", b: "2" } }),
  refId: "abc123",
  url: "https://links.example/abc123",
};

function diff(changes: Record<string, unknown>) {
  return diffLink(olds, { ...linkInputs(), ...pickInputs(olds), ...changes });
}

function pickInputs(outputs: Record<string, unknown>) {
  const { refId: _refId, url: _url, ...inputs } = outputs;
  return inputs;
}

describe("diff: what changes nothing", () => {
  it("reports no change for the same inputs", () => {
    expect(diff({})).toEqual({ changes: false, replaces: [], updates: [] });
  });

  it("treats reordered idTypes as no change", () => {
    expect(diff({ idTypes: [...olds.idTypes].reverse() }).changes).toBe(false);
  });

  it("treats partnerParams in another key order as no change", () => {
    expect(diff({ partnerParams: { b: "2", a: "1" } }).changes).toBe(false);
  });

  it("treats the same instant in another notation as no change", () => {
    expect(diff({ expiresAt: "2099-01-01T00:00:00Z" }).changes).toBe(false);
  });

  it("treats an absent isDisabled as false", () => {
    expect(diffLink({ ...olds, isDisabled: undefined }, pickInputs(olds)).changes).toBe(false);
  });

  it("ignores adoptRefId, which only matters at create", () => {
    expect(diff({ adoptRefId: "other" }).changes).toBe(false);
  });
});

describe("diff: what updates in place", () => {
  it("updates in place when an ID type is added", () => {
    const idTypes = [
      ...olds.idTypes,
      { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" },
    ];
    expect(diff({ idTypes })).toEqual({ changes: true, replaces: [], updates: ["idTypes"] });
  });

  it("updates in place when a verification method changes", () => {
    const idTypes = [{ ...olds.idTypes[0]!, verificationMethod: "biometric_kyc" }, olds.idTypes[1]];
    expect(diff({ idTypes }).updates).toEqual(["idTypes"]);
  });

  it("updates in place when the link is disabled", () => {
    expect(diff({ isDisabled: true })).toEqual({
      changes: true,
      replaces: [],
      updates: ["isDisabled"],
    });
  });
});

describe("diff: what replaces", () => {
  const changed: Record<string, unknown> = {
    name: "Renamed",
    companyName: "Acme Ltd",
    callbackUrl: "https://acme.example/new-callback",
    dataPrivacyPolicyUrl: "https://acme.example/new-privacy",
    logoUrl: "https://acme.example/logo.png",
    isSingleUse: true,
    userId: "user-7",
    expiresAt: "2099-06-01T00:00:00.000Z",
    partnerParams: { a: "1" },
    redirectUrl: "https://acme.example/done",
  };

  it("lists every replacing input in the table", () => {
    expect(Object.keys(changed).sort()).toEqual([...REPLACE_FIELDS].sort());
  });

  it.each(Object.entries(changed))("replaces when %s changes, naming it", (field, value) => {
    expect(diff({ [field]: value })).toEqual({ changes: true, replaces: [field], updates: [] });
  });

  it("names every replacing input at once, beside in-place ones", () => {
    expect(
      diff({ name: "Renamed", callbackUrl: "https://acme.example/cb2", isDisabled: true }),
    ).toEqual({
      changes: true,
      replaces: ["name", "callbackUrl"],
      updates: ["isDisabled"],
    });
  });

  it("replaces when a replacing input is not known yet", () => {
    expect(diff({ name: UNKNOWN }).replaces).toEqual(["name"]);
  });

  it("updates in place when idTypes are not known yet", () => {
    expect(diff({ idTypes: UNKNOWN })).toEqual({
      changes: true,
      replaces: [],
      updates: ["idTypes"],
    });
  });
});

describe("in-place changes: what a PUT sends", () => {
  it("sends nothing when neither idTypes nor isDisabled changed", () => {
    expect(inPlaceChanges(olds, linkInputs({ idTypes: [...olds.idTypes].reverse() }))).toEqual({});
  });

  it("sends the whole new idTypes list when it changed", () => {
    const idTypes = [olds.idTypes[0]!];
    expect(inPlaceChanges(olds, linkInputs({ idTypes }))).toEqual({ idTypes });
  });

  it("sends the disabled flag when it changed", () => {
    expect(inPlaceChanges(olds, linkInputs({ isDisabled: true }))).toEqual({ isDisabled: true });
  });
});
