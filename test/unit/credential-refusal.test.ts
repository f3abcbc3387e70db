import { describe, expect, it } from "vitest";
import { isCredentialRefusal, readApiAnswer } from "../../provider/client/http-errors";

/**
 * Which error answers blame the credentials: Smile's docs give 2204 two meanings (its
 * troubleshooting page and SDK fixtures "unauthorized", its error-codes table "wrong data type").
 */
describe("an error answer that refuses the credentials", () => {
  it.each([
    [401, { error: "invalid signature" }],
    [403, {}],
    [400, { code: "2205", error: "You are not authorized to do that." }],
    [400, { code: "2405", error: "You are not authorized to do that." }],
    [400, { code: "2204", error: "unauthorized" }],
    [400, { code: "2204", error: "You're not authorized to do that" }],
  ])("is %i with %j", (status, body) => {
    expect(isCredentialRefusal(status, readApiAnswer(body))).toBe(true);
  });

  it.each([
    [400, { code: "2204", error: "wrong data type" }],
    [400, { code: "2213", error: "Invalid link" }],
    [422, { error: "name is required" }],
  ])("is not %i with %j", (status, body) => {
    expect(isCredentialRefusal(status, readApiAnswer(body))).toBe(false);
  });
});
