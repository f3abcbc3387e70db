import { describe, expect, it } from "vitest";
import { engineFailures } from "../../provider/link/engine-failures";

/**
 * Check failures in the form the engine prints well: it looks a failure's value up among the
 * top-level inputs only, so any other failure goes with no property and its path leading the
 * reason. (Through the Pulumi CLI: first-hour.test.ts and native-yaml.test.ts.)
 */
describe("engineFailures", () => {
  const inputs = {
    name: "",
    isSingleUse: "yes",
    idTypes: [{ country: "XX" }],
    partnerParams: { tier: 3 },
  };

  it.each([
    ["a top-level string", "name", "must not be empty", "name", "must not be empty"],
    [
      "a top-level value of the wrong type",
      "isSingleUse",
      "must be a boolean",
      "isSingleUse",
      "must be a boolean",
    ],
    [
      "a nested path",
      "idTypes[0].country",
      'must be ...; got "XX"',
      "",
      'idTypes[0].country: must be ...; got "XX"',
    ],
    [
      "a map key",
      "partnerParams.tier",
      "must be a string",
      "",
      "partnerParams.tier: must be a string",
    ],
    [
      "a list",
      "idTypes",
      "must have at most 500 items",
      "",
      "idTypes: must have at most 500 items",
    ],
    ["an input not given", "companyName", "is required", "", "companyName: is required"],
    ["the resource as a whole", "", "credentials are missing", "", "credentials are missing"],
  ])("%s: property %j", (_case, property, reason, sentProperty, sentReason) => {
    expect(engineFailures([{ property, reason }], inputs)).toEqual([
      { property: sentProperty, reason: sentReason },
    ]);
  });

  it("never reads an inherited property as an input given", () => {
    expect(
      engineFailures([{ property: "toString", reason: "is not a known property" }], {}),
    ).toEqual([{ property: "", reason: "toString: is not a known property" }]);
  });
});
