import { describe, expect, it } from "vitest";
import { unknownSettingProblems } from "../../provider/settings";

describe("unknown smileid settings, one rule for both providers", () => {
  it("suggests the setting a misspelled key most likely meant", () => {
    expect(unknownSettingProblems(["apiKye"])).toEqual([
      {
        property: "apiKye",
        reason:
          "smileid:apiKye is not a setting of the smileid provider; did you mean smileid:apiKey?",
      },
    ]);
  });

  it("lists the settings when no key is close", () => {
    expect(unknownSettingProblems(["colour"])[0]!.reason).toMatch(
      /^smileid:colour is not a setting of the smileid provider; it knows partnerId, apiKey, /,
    );
  });

  it("accepts every setting and the keys it is told to ignore", () => {
    const keys = ["partnerId", "apiKey", "environment", "apiUrl", "idTypeCatalog", "version"];
    expect(unknownSettingProblems(keys, new Set(["version"]))).toEqual([]);
  });
});
