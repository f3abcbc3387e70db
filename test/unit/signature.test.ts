import { describe, expect, it } from "vitest";
import { computeSignature, createSigner } from "../../provider/client/signature";
import { createApp, DOCUMENTED_READING, FaultController, LinkStore } from "../../provider/emulator";
import { expectedSignature } from "../../provider/emulator/signature";

/**
 * The request signature pinned by a known answer, so that the client and the emulator cannot
 * agree on a wrong formula. The expected value was computed once, outside this code, with
 *   printf '%s' "2024-02-29T16:13:40.813Z1234sid_request" \
 *     | openssl dgst -sha256 -hmac "kat-api-key-0001" -binary | base64
 */
const KEY = "kat-api-key-0001";
const PARTNER = "1234";
const TIMESTAMP = "2024-02-29T16:13:40.813Z";
const KNOWN_ANSWER = "8t/9vqQV5vqpIkxZxceA7SkbRy3V5QWDsXEpWWV3018=";

describe("the request signature (API docs, Signing your API Request)", () => {
  it("is computed by the client as openssl computes it", () => {
    expect(computeSignature(KEY, PARTNER, TIMESTAMP)).toBe(KNOWN_ANSWER);
  });

  it("is expected by the emulator as openssl computes it", () => {
    expect(expectedSignature(KEY, PARTNER, TIMESTAMP)).toBe(KNOWN_ANSWER);
  });

  it("opens the emulator's API when sent with that partner and timestamp", async () => {
    const at = Date.parse(TIMESTAMP);
    const app = createApp({
      store: await LinkStore.open(),
      faults: new FaultController(),
      requests: [],
      origin: "http://emulator.test",
      credentials: { partnerId: PARTNER, apiKey: KEY, signatureWindowMs: 60_000 },
      reading: DOCUMENTED_READING,
      pageSize: 20,
      now: () => at,
      sleep: async () => undefined,
      later: () => undefined,
    });
    const body = { partner_id: PARTNER, timestamp: TIMESTAMP, signature: KNOWN_ANSWER };
    const answer = await app({
      method: "POST",
      path: "/v1/smile_links/:list",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(200);
  });

  it("is signed afresh with the partner id and the current time by the client's signer", () => {
    const fields = createSigner(PARTNER, KEY)();
    expect(fields.partner_id).toBe(PARTNER);
    expect(fields.signature).toBe(expectedSignature(KEY, PARTNER, fields.timestamp));
  });
});
