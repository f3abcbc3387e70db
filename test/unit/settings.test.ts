import { describe, expect, it } from "vitest";
import { isSmileLinksError, type SmileLinksError } from "../../provider/errors";
import {
  howToSet,
  PULUMI_SETTING_NAMES,
  resolveSettings,
  settingsWarnings,
  unknownSettingProblems,
  type ConfigLookup,
} from "../../provider/settings";

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

/** Stack config as a lookup, as the providers read it. */
const stack =
  (values: Record<string, string>): ConfigLookup =>
  (key) =>
    values[key];

function configError(task: () => unknown): SmileLinksError {
  try {
    task();
  } catch (error) {
    expect(isSmileLinksError(error) && error.kind).toBe("config");
    return error as SmileLinksError;
  }
  throw new Error("no config error");
}

describe("a bad setting is named where it came from, with the value and what is allowed", () => {
  it.each([
    ["stack config", { "smileid:environment": "prod" }, {}, "smileid:environment"],
    ["the environment", {}, { SMILE_ID_ENVIRONMENT: "prod" }, "SMILE_ID_ENVIRONMENT"],
  ])("names the environment's source: %s", (_, config, env, source) => {
    expect(configError(() => resolveSettings(stack(config), env)).message).toBe(
      `${source} must be sandbox or production; got "prod".`,
    );
  });

  it("names a command's flag where the command gave the value", () => {
    const flags = stack({ "smileid:apiUrl": "htp://127.0.0.1:8788/v1" });
    const error = configError(() => resolveSettings(flags, {}, { apiUrl: "--api-url" }));
    expect(error.message).toMatch(/^--api-url must be the API's URL; got "htp:/);
    expect(error.details.setting).toBe("apiUrl");
  });

  it.each([
    [
      "htp://127.0.0.1:8788/v1",
      "its scheme is htp, and only https (or http for a local emulator) works",
    ],
    ["ftp://testapi.smileidentity.com/v1", "its scheme is ftp, and only https"],
    ["testapi.smileidentity.com/v1", "it is not an absolute URL"],
    ["https://testapi.smileidentity.com/v1?env=sandbox", "it has a query (?env=sandbox)"],
    ["https://testapi.smileidentity.com/v1#top", "it has a fragment (#top)"],
  ])("rejects the API URL %s: %s", (url, why) => {
    const error = configError(() => resolveSettings(stack({}), { SMILE_ID_API_URL: url }));
    expect(error.message).toContain(`SMILE_ID_API_URL must be the API's URL; got "${url}": ${why}`);
    expect(error.message).toMatch(/https:\/\/testapi\.smileidentity\.com\/v1\.$/);
  });

  it.each(["0", "-5", "abc", "", "7200"])("rejects a timeout of %j", (value) => {
    const config = stack({ "smileid:timeoutSeconds": value || " " });
    expect(configError(() => resolveSettings(config, {})).message).toBe(
      "smileid:timeoutSeconds must be a number of seconds greater than 0 and at most 3600 " +
        `(default 30); got "${value || " "}".`,
    );
  });
});

describe("the timeout setting", () => {
  it.each([
    [{}, {}, 30_000],
    [{}, { SMILE_ID_TIMEOUT_SECONDS: "90" }, 90_000],
    [{ "smileid:timeoutSeconds": "2.5" }, { SMILE_ID_TIMEOUT_SECONDS: "90" }, 2_500],
  ])("reads %j and %j as %d ms", (config, env, ms) => {
    expect(resolveSettings(stack(config), env).timeoutMs).toBe(ms);
  });
});

describe("what is likely wrong with a usable API URL", () => {
  const warnings = (apiUrl: string) => settingsWarnings({ apiUrl, apiUrlSource: "smileid:apiUrl" });

  it.each([
    "https://testapi.smileidentity.com/v1",
    "http://127.0.0.1:8788/v1",
    "http://localhost:8788/v1/",
    "http://[::1]:8788/v1",
  ])("says nothing of %s", (apiUrl) => {
    expect(warnings(apiUrl)).toEqual([]);
  });

  it("hints at /v1 when the path lacks the version segment", () => {
    expect(warnings("https://testapi.smileidentity.com")).toEqual([
      "smileid:apiUrl is https://testapi.smileidentity.com, whose path does not end in /v1, " +
        "the API's version segment, so the API will answer 404: did you mean " +
        "https://testapi.smileidentity.com/v1?",
    ]);
  });

  it("warns that plain http to another machine sends requests in clear", () => {
    expect(warnings("http://smile-gateway.internal/v1")).toEqual([
      expect.stringMatching(
        /^smileid:apiUrl is http:\/\/smile-gateway\.internal\/v1: plain http to another machine sends every request unencrypted .+; use https\.$/,
      ),
    ]);
  });
});

describe("how each surface names a setting", () => {
  it.each([
    [PULUMI_SETTING_NAMES, "smileid:apiUrl or SMILE_ID_API_URL"],
    [{ apiUrl: "--api-url" }, "--api-url or SMILE_ID_API_URL"],
    [{}, "SMILE_ID_API_URL"],
  ])("with %j: %s", (names, shown) => {
    expect(howToSet("apiUrl", names)).toBe(shown);
  });
});
