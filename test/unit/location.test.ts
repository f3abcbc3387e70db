import { describe, expect, it } from "vitest";
import { assertSameLocation } from "../../provider/link/location";

/** Where a link lives against where the stack's settings point (link/location.ts). */
const link = {
  refId: "ref-1",
  name: "Onboarding",
  apiUrl: "https://a.example/v1",
  partnerId: "p1",
};
const check =
  (current: { apiUrl: string; partnerId?: string }, stored: object = link) =>
  () =>
    assertSameLocation({ refId: "ref-1", ...stored }, current, "refresh");

describe("the place a link lives", () => {
  it("passes when the settings point where the link lives", () => {
    expect(check({ apiUrl: "https://a.example/v1", partnerId: "p1" })).not.toThrow();
  });

  it("ignores a trailing slash on the API URL", () => {
    expect(check({ apiUrl: "https://a.example/v1/", partnerId: "p1" })).not.toThrow();
  });

  it("fails on another API URL, naming the link, both places and the way out", () => {
    expect(check({ apiUrl: "https://b.example/v1", partnerId: "p1" })).toThrow(
      /^cannot refresh link ref-1 \("Onboarding"\): it lives at https:\/\/a\.example\/v1 as partner p1, but this stack's settings now point to https:\/\/b\.example\/v1 as partner p1, .*one stack per environment.*pulumi destroy with the old settings.*pulumi state delete/,
    );
  });

  it("fails on another partner at the same API URL", () => {
    expect(check({ apiUrl: "https://a.example/v1", partnerId: "p2" })).toThrow(
      /as partner p1, but .* as partner p2/,
    );
  });

  it("fails with a config error", () => {
    expect(check({ apiUrl: "https://b.example/v1" })).toThrow(
      expect.objectContaining({ kind: "config" }),
    );
  });

  it("compares the partner only when the settings know it, as in a preview without credentials", () => {
    expect(check({ apiUrl: "https://a.example/v1" })).not.toThrow();
  });

  it("skips state that does not record where the link lives", () => {
    expect(check({ apiUrl: "https://b.example/v1", partnerId: "p2" }, {})).not.toThrow();
  });
});
