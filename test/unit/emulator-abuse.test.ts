import { createRequire } from "node:module";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { computeSignature } from "../../provider/client/signature";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { API_KEY, PARTNER_ID, linkBody, signed, useEmulator } from "../helpers/emulator";

/**
 * Abuse of the emulator beyond what emulator-rules.test.ts covers: each request is refused
 * with a 4xx whose body says what was wrong, no stored link changes, and the server keeps
 * serving.
 */
const emulator = useEmulator();

const JSON_TYPE = { "content-type": "application/json" };

interface RawAnswer {
  status: number;
  body: { error?: string; code?: string; [key: string]: unknown };
}

/** node:http, so that paths, headers and bytes go out exactly as written. */
function raw(
  target: RunningEmulator,
  method: string,
  requestPath: string,
  body: string | Buffer,
  headers: Record<string, string | number> = JSON_TYPE,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path: requestPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const json = (value: unknown) => JSON.stringify(value);

let refId: string;
let storeBefore: string;

beforeAll(async () => {
  const created = await raw(emulator(), "POST", "/v1/smile_links", json(signed(linkBody())));
  refId = String(created.body.ref_id);
});

beforeEach(() => {
  storeBefore = JSON.stringify(emulator().store.list());
});

afterEach(async () => {
  // Whatever the abuse, no link changed and the server still answers a normal request.
  expect(JSON.stringify(emulator().store.list())).toBe(storeBefore);
  const normal = await raw(emulator(), "POST", `/v1/smile_links/${refId}`, json(signed()));
  expect(normal.status).toBe(200);
});

function expectRefusal(answer: RawAnswer, status: number, code: string, message: RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({ error: expect.stringMatching(message), code });
  expect(answer.body.error).not.toContain(API_KEY);
}

describe("malformed JSON", () => {
  const deep = "[".repeat(400_000) + "]".repeat(400_000);
  it.each([
    ["a truncated object", '{"partner_id": "p"'],
    ["a trailing comma", '{"page": 1,}'],
    ["single quotes", "{'page': 1}"],
    ["a NaN literal", '{"page": NaN}'],
    ["a byte order mark before the object", `\uFEFF${json(signed())}`],
    ["a JSON string", '"smile_links"'],
    ["a JSON number", "42"],
    ["two objects", `${json(signed())}${json(signed())}`],
    ["arrays nested 400,000 deep", deep],
  ])("answers %s with 400 malformed_json", async (_case, body) => {
    const answer = await raw(emulator(), "POST", "/v1/smile_links/:list", body);
    expectRefusal(
      answer,
      400,
      "malformed_json",
      /^body (is not valid JSON|must be a JSON object)$/,
    );
  });

  it("answers bytes that are not UTF-8 outside a string with 400 malformed_json", async () => {
    const body = Buffer.concat([
      Buffer.from('{"page": 1, '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("}"),
    ]);
    const answer = await raw(emulator(), "POST", "/v1/smile_links/:list", body);
    expectRefusal(answer, 400, "malformed_json", /not valid JSON/);
  });
});

describe("content types", () => {
  it.each([
    ["text/plain", "text/plain"],
    ["a JSON look-alike", "application/jsonp"],
    ["multipart form data", "multipart/form-data; boundary=x"],
    ["a JSON patch", "application/json-patch+json"],
    ["an empty type", ""],
  ])("answers %s with 415 naming the type", async (_case, type) => {
    const answer = await raw(emulator(), "POST", "/v1/smile_links", json(signed(linkBody())), {
      "content-type": type,
    });
    expectRefusal(answer, 415, "unsupported_media_type", /^Content-Type must be application\/json/);
  });
});

describe("body size", () => {
  const MAX = 1024 * 1024;
  /** A signed list request padded with spaces to exactly `bytes` bytes. */
  const padded = (bytes: number) => {
    const body = json(signed());
    return body + " ".repeat(bytes - Buffer.byteLength(body));
  };

  it("answers a body of exactly 1 MiB", async () => {
    const answer = await raw(emulator(), "POST", "/v1/smile_links/:list", padded(MAX));
    expect(answer.status).toBe(200);
  });

  it("answers 413 for a body one byte over 1 MiB", async () => {
    const answer = await raw(emulator(), "POST", "/v1/smile_links/:list", padded(MAX + 1));
    expectRefusal(answer, 413, "body_too_large", /over 1048576 bytes/);
  });

  it("answers 413 for a create whose single field is over 1 MiB", async () => {
    const body = json(signed(linkBody({ name: "n".repeat(MAX) })));
    const answer = await raw(emulator(), "PUT", `/v1/smile_links/${refId}`, body);
    expectRefusal(answer, 413, "body_too_large", /over 1048576 bytes/);
  });
});

describe("signatures", () => {
  const now = () => new Date();
  const fresh = () => signed();
  it.each<[string, () => Record<string, unknown>, string]>([
    ["a number as signature", () => ({ ...fresh(), signature: 12345 }), "missing_credentials"],
    [
      "an array as signature",
      () => ({ ...fresh(), signature: [fresh().signature] }),
      "missing_credentials",
    ],
    ["an empty signature", () => ({ ...fresh(), signature: "" }), "missing_credentials"],
    [
      "an object as timestamp",
      () => ({ ...fresh(), timestamp: { iso: now().toISOString() } }),
      "missing_credentials",
    ],
    [
      "a signature with its last character changed",
      () => {
        const body = fresh();
        const signature = String(body.signature);
        const last = signature.at(-2) === "A" ? "B" : "A";
        return { ...body, signature: `${signature.slice(0, -2)}${last}=` };
      },
      "invalid_signature",
    ],
    [
      "a signature one character longer",
      () => ({ ...fresh(), signature: `${String(fresh().signature)}A` }),
      "invalid_signature",
    ],
    [
      "a signature of a different timestamp",
      () => ({ ...fresh(), signature: signed({}, new Date(Date.now() - 1000)).signature }),
      "invalid_signature",
    ],
    [
      "a signature made with the partner id as key",
      () => {
        const timestamp = now().toISOString();
        return {
          partner_id: PARTNER_ID,
          timestamp,
          signature: computeSignature(PARTNER_ID, PARTNER_ID, timestamp),
        };
      },
      "invalid_signature",
    ],
    [
      "a partner id with a trailing space",
      () => ({ ...fresh(), partner_id: `${PARTNER_ID} ` }),
      "unknown_partner",
    ],
    [
      "a partner id in upper case",
      () => ({ ...fresh(), partner_id: PARTNER_ID.toUpperCase() }),
      "unknown_partner",
    ],
    ["a timestamp from 1970", () => signed({}, new Date(0)), "stale_timestamp"],
    [
      "a timestamp one second outside the window",
      () => signed({}, new Date(Date.now() - 5 * 60_000 - 1000)),
      "stale_timestamp",
    ],
    [
      "a date without a time",
      () => ({ ...fresh(), timestamp: now().toISOString().slice(0, 10) }),
      "invalid_timestamp",
    ],
    [
      "epoch seconds as timestamp",
      () => ({ ...fresh(), timestamp: String(Math.floor(Date.now() / 1000)) }),
      "invalid_timestamp",
    ],
    [
      "an expanded year",
      () => ({ ...fresh(), timestamp: "+275760-09-13T00:00:00.000Z" }),
      "invalid_timestamp",
    ],
  ])("answers 401 for %s", async (_case, body, code) => {
    const answer = await raw(
      emulator(),
      "PUT",
      `/v1/smile_links/${refId}`,
      json({ ...body(), is_disabled: true }),
    );
    expectRefusal(answer, 401, code, /\w+ \w+/);
  });

  it("answers 401 for credentials sent as headers instead of in the body", async () => {
    const { partner_id, timestamp, signature } = signed();
    const answer = await raw(
      emulator(),
      "PUT",
      `/v1/smile_links/${refId}`,
      json({ is_disabled: true }),
      {
        ...JSON_TYPE,
        "smileid-partner-id": String(partner_id),
        "smileid-request-signature": String(signature),
        "smileid-timestamp": String(timestamp),
      },
    );
    expectRefusal(answer, 401, "missing_credentials", /^partner_id is required/);
  });
});

describe("a captured request replayed after the signature window", () => {
  let shortWindow: RunningEmulator;
  beforeAll(async () => {
    shortWindow = await startEmulator({
      partnerId: PARTNER_ID,
      apiKey: API_KEY,
      signatureWindowMs: 1000,
    });
  });
  afterAll(() => shortWindow.close());

  it("is refused as stale, making no second link", async () => {
    const captured = json(signed(linkBody({ name: "Captured" })));
    expect((await raw(shortWindow, "POST", "/v1/smile_links", captured)).status).toBe(200);
    // Past the 1 s window: 1.5 s later the same bytes are too old, however often resent.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const replay = await raw(shortWindow, "POST", "/v1/smile_links", captured);
    expectRefusal(replay, 401, "stale_timestamp", /more than 1 s from the server time/);
    expect(shortWindow.store.size).toBe(1);
  });
});

describe("path tricks in link ids", () => {
  it.each([
    ["encoded dot segments", "/v1/smile_links/%2E%2E", 400, "invalid_ref_id"],
    ["an encoded slash in lower-case hex", "/v1/smile_links/abc%2fdef", 400, "invalid_ref_id"],
    ["a double-encoded slash", "/v1/smile_links/abc%252Fdef", 400, "invalid_ref_id"],
    ["an encoded NUL", "/v1/smile_links/abc%00", 400, "invalid_ref_id"],
    ["an encoded space", "/v1/smile_links/abc%20def", 400, "invalid_ref_id"],
    ["a non-ASCII id", "/v1/smile_links/%C3%A9t%C3%A9", 400, "invalid_ref_id"],
    ["a right-to-left override", "/v1/smile_links/abc%E2%80%AEdef", 400, "invalid_ref_id"],
    ["a 10,000-character id", `/v1/smile_links/${"a".repeat(10_000)}`, 400, "invalid_ref_id"],
    ["a path parameter", "/v1/smile_links/abc;jsessionid=1", 400, "invalid_ref_id"],
    ["an empty id", "/v1/smile_links/", 400, "invalid_ref_id"],
    [":list in upper case", "/v1/smile_links/:LIST", 400, "invalid_ref_id"],
    ["an encoded :list in lower-case hex", "/v1/smile_links/%3alist", 400, "invalid_ref_id"],
    [":list with a trailing slash", "/v1/smile_links/:list/", 404, "not_found"],
    [":list with a further segment", "/v1/smile_links/:list/abc", 404, "not_found"],
    ["a dot segment before the id", "/v1/smile_links/./abc", 404, "not_found"],
    ["a doubled slash", "/v1//smile_links/abc", 404, "not_found"],
    ["an upper-case route", "/V1/SMILE_LINKS/abc", 404, "not_found"],
  ])("refuses %s", async (_case, requestPath, status, code) => {
    const answer = await raw(emulator(), "PUT", requestPath, json(signed({ is_disabled: true })));
    const message = status === 400 ? /^ref_id in the path must be 1 to 128 letters/ : /not found$/;
    expectRefusal(answer, status, code, message);
  });
});

describe("signature comparison", () => {
  // A timing measurement would be flaky on a shared machine; instead the built emulator is
  // shown to hand both signatures to crypto.timingSafeEqual, whose time does not depend on
  // where they differ. Only the length, which is public (44 base64 characters), is compared first.
  const load = createRequire(__filename);
  const crypto = load("node:crypto") as typeof import("node:crypto");
  const { verifySignedBody } = load(
    path.resolve(__dirname, "../../dist/emulator/auth.js"),
  ) as typeof import("../../provider/emulator/auth");

  afterEach(() => vi.restoreAllMocks());

  it("compares the signature with crypto.timingSafeEqual", () => {
    const compare = vi.spyOn(crypto, "timingSafeEqual");
    const body = signed();
    // Same length, first character changed: never the right signature, whatever it is.
    const right = String(body.signature);
    const wrong = `${right.startsWith("A") ? "B" : "A"}${right.slice(1)}`;
    const credentials = { partnerId: PARTNER_ID, apiKey: API_KEY, signatureWindowMs: 60_000 };
    expect(() => verifySignedBody({ ...body, signature: wrong }, credentials, Date.now())).toThrow(
      /signature does not match/,
    );
    const buffers = compare.mock.calls.map(([given]) =>
      Buffer.from(given as Uint8Array).toString(),
    );
    expect(buffers).toContain(wrong);
  });
});
