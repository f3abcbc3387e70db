import { computeSignature } from "../../provider/client/signature";
import { COUNTRY_CODES, PRODUCTS } from "../../provider/emulator/id-object";
import { ISO_COUNTRY_CODES } from "../../provider/link/countries";
import { VERIFICATION_METHODS } from "../../provider/link/types";
import { describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, signed, linkBody, send, raw, useEmulator } from "../helpers/emulator";

const emulator = useEmulator();

describe("signature", () => {
  const old = new Date(Date.now() - 10 * 60_000);
  const future = new Date(Date.now() + 10 * 60_000);
  it.each([
    ["signature is missing", { ...signed(), signature: undefined }, "missing_credentials"],
    ["timestamp is missing", { ...signed(), timestamp: undefined }, "missing_credentials"],
    ["partner_id is missing", { ...signed(), partner_id: undefined }, "missing_credentials"],
    ["signature is wrong", { ...signed(), signature: "d3Jvbmc=" }, "invalid_signature"],
    [
      "signature is for another key",
      { ...signed(), signature: computeSignature("other", PARTNER_ID, new Date().toISOString()) },
      "invalid_signature",
    ],
    [
      "partner_id is another partner",
      { ...signed(), partner_id: "someone-else" },
      "unknown_partner",
    ],
    ["timestamp is older than the window (a replay)", signed({}, old), "stale_timestamp"],
    ["timestamp is too far in the future", signed({}, future), "stale_timestamp"],
    ["timestamp is not ISO 8601", { ...signed(), timestamp: "yesterday" }, "invalid_timestamp"],
  ])("answers 401 when the %s", async (_case, body, code) => {
    const before = emulator().store.size;
    const answer = await send(emulator(), "POST", "/v1/smile_links", { ...linkBody(), ...body });
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe(code);
    expect(emulator().store.size).toBe(before);
  });

  it("never echoes the API key or the expected signature", async () => {
    const timestamp = new Date().toISOString();
    const expected = computeSignature(API_KEY, PARTNER_ID, timestamp);
    const body = { ...signed(), timestamp, signature: "wrong" };
    const answer = await send(emulator(), "POST", "/v1/smile_links/:list", body);
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).not.toContain(API_KEY);
    expect(JSON.stringify(answer.body)).not.toContain(expected);
  });

  it("accepts a timestamp with a time zone offset", async () => {
    const timestamp = new Date().toISOString().replace("Z", "+00:00");
    const signature = computeSignature(API_KEY, PARTNER_ID, timestamp);
    const body = { partner_id: PARTNER_ID, timestamp, signature };
    expect((await send(emulator(), "POST", "/v1/smile_links/:list", body)).status).toBe(200);
  });
});

describe("create body rules", () => {
  const method = (verification_method: string, country = "NG", id_type = "PASSPORT") => ({
    country,
    id_type,
    verification_method,
  });
  it.each([
    ["name", { name: undefined }],
    ["name", { name: "  " }],
    ["company_name", { company_name: undefined }],
    ["company_name", { company_name: 7 }],
    ["id_types", { id_types: undefined }],
    ["id_types", { id_types: [] }],
    ["id_types", { id_types: "NG" }],
    ["id_types[0]", { id_types: ["NG"] }],
    [
      "id_types[1].verification_method",
      { id_types: [method("enhanced_kyc", "NG", "BVN"), method("selfie")] },
    ],
    ["id_types[0].country", { id_types: [method("enhanced_kyc", "XX")] }],
    ["id_types[0].country", { id_types: [method("enhanced_kyc", "ng")] }],
    ["id_types[0].country", { id_types: [method("enhanced_kyc", "NGA")] }],
    ["id_types[0].id_type", { id_types: [method("enhanced_kyc", "NG", "")] }],
    ["id_types[1]", { id_types: [method("enhanced_kyc"), method("doc_verification")] }],
    ["callback_url", { callback_url: undefined }],
    ["callback_url", { callback_url: "/relative/callback" }],
    ["callback_url", { callback_url: "ftp://example.com/callback" }],
    ["data_privacy_policy_url", { data_privacy_policy_url: undefined }],
    ["data_privacy_policy_url", { data_privacy_policy_url: "privacy" }],
    ["logo_url", { logo_url: "javascript:alert(1)" }],
    ["redirect_url", { redirect_url: "example.com/redirect" }],
    ["is_single_use", { is_single_use: "false" }],
    ["user_id", { user_id: 42 }],
    ["expires_at", { expires_at: "tomorrow" }],
    ["expires_at", { expires_at: "2024-02-30" }],
    ["partner_params", { partner_params: ["a"] }],
    ["partner_params.count", { partner_params: { count: 3 } }],
  ])("answers 400 naming %s for %j", async (field, overrides) => {
    const before = emulator().store.size;
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(linkBody(overrides)));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")} `));
    expect(answer.body.code).toMatch(/^(missing|invalid)_field$/);
    expect(emulator().store.size).toBe(before);
  });

  it("lists the allowed verification methods in the message", async () => {
    const body = linkBody({ id_types: [method("selfie")] });
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(body));
    expect(answer.body.error).toContain(
      "must be one of biometric_kyc, doc_verification, enhanced_document_verification, enhanced_kyc",
    );
  });

  it("accepts the same ID type in two countries", async () => {
    const body = linkBody({
      id_types: [method("enhanced_kyc", "NG"), method("doc_verification", "KE")],
    });
    expect((await send(emulator(), "POST", "/v1/smile_links", signed(body))).status).toBe(200);
  });
});

describe("routes and paths", () => {
  it("answers 404 for an unknown route", async () => {
    const answer = await send(emulator(), "POST", "/v1/other", signed());
    expect(answer).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const answer = await send(emulator(), "DELETE", "/v1/smile_links/abc", signed());
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST, PUT");
  });

  it.each([
    ["an encoded traversal", "/v1/smile_links/..%2F..%2Fetc", 400],
    ["an encoded slash", "/v1/smile_links/abc%2Fdef", 400],
    ["a plain traversal", "/v1/smile_links/../../etc", 404],
    ["a very long id", `/v1/smile_links/${"a".repeat(129)}`, 400],
    ["a malformed escape", "/v1/smile_links/%E0%A4%A", 400],
    ["an encoded :list", "/v1/smile_links/%3Alist", 400],
  ])("refuses %s in the path without touching any link", async (_case, path, status) => {
    const before = JSON.stringify(emulator().store.list());
    const answer = await raw(
      emulator(),
      "PUT",
      path,
      JSON.stringify(signed({ is_disabled: true })),
    );
    expect(answer.status).toBe(status);
    expect(JSON.stringify(emulator().store.list())).toBe(before);
  });
});

describe("abuse", () => {
  const big = JSON.stringify(signed(linkBody({ name: "x".repeat(2 * 1024 * 1024) })));
  it.each([
    ["malformed JSON", "{ not json", { "content-type": "application/json" }, 400],
    ["a JSON array body", "[1, 2]", { "content-type": "application/json" }, 400],
    ["a JSON null body", "null", { "content-type": "application/json" }, 400],
    ["an empty body", "", { "content-type": "application/json" }, 400],
    ["a form body", "name=x", { "content-type": "application/x-www-form-urlencoded" }, 415],
    ["no content type", JSON.stringify(signed(linkBody())), {}, 415],
    ["a body over 1 MiB", big, { "content-type": "application/json" }, 413],
    [
      "a chunked body over 1 MiB",
      big,
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      413,
    ],
  ])(
    "answers %s with a 4xx, changes nothing and keeps serving",
    async (_case, body, headers, status) => {
      const before = JSON.stringify(emulator().store.list());
      const answer = await raw(emulator(), "POST", "/v1/smile_links", body, headers);
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: expect.any(String),
        code: expect.any(String),
      });
      expect(JSON.stringify(emulator().store.list())).toBe(before);
      expect((await send(emulator(), "POST", "/v1/smile_links/:list", signed())).status).toBe(200);
    },
  );

  it.each([
    ["declares a length over 1 MiB", { "content-length": 10 * 1024 * 1024 }, "{}"],
    ["streams past 1 MiB in chunks", { "transfer-encoding": "chunked" }, "x".repeat(1536 * 1024)],
  ])("answers 413 without reading to the end when a body %s", async (_case, headers, sent) => {
    const allHeaders = { "content-type": "application/json", ...headers };
    const answer = await raw(emulator(), "POST", "/v1/smile_links", sent, allHeaders, {
      finish: false,
    });
    expect(answer.status).toBe(413);
  });

  it("accepts a charset parameter on the JSON content type", async () => {
    const headers = { "content-type": "application/json; charset=utf-8" };
    expect(
      (await send(emulator(), "POST", "/v1/smile_links/:list", signed(), headers)).status,
    ).toBe(200);
  });
});

describe("the ID object's lists, written apart from the provider's", () => {
  it("accepts the countries the provider accepts, and no other", () => {
    expect([...COUNTRY_CODES].sort()).toEqual([...ISO_COUNTRY_CODES].sort());
  });

  it("accepts the verification methods the provider accepts, and no other", () => {
    expect([...PRODUCTS].sort()).toEqual([...VERIFICATION_METHODS].sort());
  });
});
