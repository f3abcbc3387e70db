import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { computeSignature } from "../provider/client/signature";
import {
  createApp,
  FaultController,
  LinkStore,
  startEmulator,
  type RunningEmulator,
} from "../provider/emulator";

const PARTNER_ID = "partner-1";
const API_KEY = "test-api-key-never-echoed";

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

function signed(body: Record<string, unknown> = {}, at = new Date()): Record<string, unknown> {
  const timestamp = at.toISOString();
  const signature = computeSignature(API_KEY, PARTNER_ID, timestamp);
  return { partner_id: PARTNER_ID, timestamp, signature, ...body };
}

function linkBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "My Link",
    company_name: "My Company Name",
    id_types: [{ country: "NG", id_type: "PASSPORT", verification_method: "doc_verification" }],
    callback_url: "https://example.webhook.com",
    data_privacy_policy_url: "https://mywebsite.com/privacy_policy",
    ...overrides,
  };
}

async function send(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<Answer> {
  const origin = emulator.url.replace(/\/v1$/, "");
  const response = await fetch(origin + path, {
    method,
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** node:http, not fetch: sends the path byte for byte and survives an early answer. */
function raw(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body: string,
  headers: Record<string, string | number> = { "content-type": "application/json" },
  { finish = true } = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() });
      });
    });
    // The server may close the connection while a refused body is still being sent.
    req.on("error", reject);
    // An unfinished body proves that the server answers without waiting for the rest.
    if (finish) req.end(body);
    else req.write(body);
  });
}

async function createLink(emulator: RunningEmulator, overrides: Record<string, unknown> = {}) {
  const answer = await send(emulator, "POST", "/v1/smile_links", signed(linkBody(overrides)));
  expect(answer.status).toBe(200);
  return answer.body as { link: string; ref_id: string };
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, partnerId: PARTNER_ID, apiKey: API_KEY });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.faults.reset();
});

describe("create: POST /v1/smile_links", () => {
  it("answers the new link's URL and a URL-safe ref_id", async () => {
    const answer = await send(emulator, "POST", "/v1/smile_links", signed(linkBody()));
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(["link", "ref_id"]);
    expect(answer.body.ref_id).toMatch(/^[0-9a-f]{16}$/);
    expect(answer.body.link).toBe(
      `${emulator.url.replace(/\/v1$/, "")}/links/${answer.body.ref_id}`,
    );
  });

  it("serves a page at the link's URL", async () => {
    const { link } = await createLink(emulator, { name: "Onboarding <KYC>" });
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Onboarding &lt;KYC&gt;");
  });
});

describe("get: POST /v1/smile_links/:ref_id", () => {
  it("answers every documented field, null for optionals not given", async () => {
    const { ref_id, link } = await createLink(emulator);
    const answer = await send(emulator, "POST", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      link_url: link,
      link_id: ref_id,
      ref_id,
      name: "My Link",
      id_types: [{ country: "NG", id_type: "PASSPORT", verification_method: "doc_verification" }],
      is_single_use: false,
      callback_url: "https://example.webhook.com",
      data_privacy_policy_url: "https://mywebsite.com/privacy_policy",
      logo_url: null,
      user_id: null,
      total_jobs: 0,
      failed_jobs: 0,
      successful_jobs: 0,
      company_name: "My Company Name",
      partner_id: PARTNER_ID,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      disabled_at: null,
      expires_at: null,
      updated_at: answer.body.created_at,
      redirect_url: null,
      partner_params: null,
    });
  });

  it("answers the optional fields as they were given", async () => {
    const optionals = {
      logo_url: "https://mywebsite.com/logo.png",
      is_single_use: true,
      user_id: "user-1",
      expires_at: "2030-02-28T16:13:40.813Z",
      partner_params: { is_paying: "true", "customer branch": "country x" },
      redirect_url: "https://example.com/redirect",
    };
    const { ref_id } = await createLink(emulator, optionals);
    const answer = await send(emulator, "POST", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.body).toMatchObject(optionals);
  });

  it("counts simulated jobs as numbers", async () => {
    const { ref_id } = await createLink(emulator);
    await emulator.store.recordJobs(ref_id, { successful: 3, failed: 1 });
    const answer = await send(emulator, "POST", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.body).toMatchObject({ total_jobs: 4, successful_jobs: 3, failed_jobs: 1 });
  });

  it("answers 404 with an error body for an unknown link", async () => {
    const answer = await send(emulator, "POST", "/v1/smile_links/0123456789abcdef", signed());
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: "link 0123456789abcdef not found", code: "not_found" });
  });
});

describe("update: PUT /v1/smile_links/:ref_id", () => {
  it("disables a link and answers exactly the docs' four fields", async () => {
    const { ref_id, link } = await createLink(emulator);
    const answer = await send(
      emulator,
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: true }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      disabled_at: expect.stringMatching(/Z$/),
      id_types: [{ country: "NG", id_type: "PASSPORT", verification_method: "doc_verification" }],
      link_url: link,
      ref_id,
    });
  });

  it("keeps the first disabled_at when a disabled link is disabled again", async () => {
    const { ref_id } = await createLink(emulator);
    const first = await send(
      emulator,
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: true }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await send(
      emulator,
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: true }),
    );
    expect(again.body.disabled_at).toBe(first.body.disabled_at);
  });

  it("clears disabled_at when a link is enabled", async () => {
    const { ref_id } = await createLink(emulator);
    await send(emulator, "PUT", `/v1/smile_links/${ref_id}`, signed({ is_disabled: true }));
    const answer = await send(
      emulator,
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: false }),
    );
    expect(answer.body.disabled_at).toBeNull();
  });

  it("replaces the whole id_types list and sets updated_at", async () => {
    const { ref_id } = await createLink(emulator);
    const before = emulator.store.get(ref_id)!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const idTypes = [
      { country: "KE", id_type: "NATIONAL_ID", verification_method: "biometric_kyc" },
    ];
    const answer = await send(
      emulator,
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ id_types: idTypes }),
    );
    expect(answer.body.id_types).toEqual(idTypes);
    expect(emulator.store.get(ref_id)!.updated_at > before.updated_at).toBe(true);
  });

  it("shows a disabled link's page as disabled", async () => {
    const { ref_id, link } = await createLink(emulator);
    await send(emulator, "PUT", `/v1/smile_links/${ref_id}`, signed({ is_disabled: true }));
    const response = await fetch(link);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain("This link is disabled");
  });

  it("answers 400 when neither is_disabled nor id_types is given", async () => {
    const { ref_id } = await createLink(emulator);
    const answer = await send(emulator, "PUT", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/is_disabled.*id_types/);
  });

  it("answers 400 naming is_disabled when it is not a boolean", async () => {
    const { ref_id } = await createLink(emulator);
    const answer = await send(
      emulator,
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: "yes" }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^is_disabled /);
    expect(emulator.store.get(ref_id)!.disabled_at).toBeNull();
  });

  it("answers 404 for an unknown link", async () => {
    const answer = await send(
      emulator,
      "PUT",
      "/v1/smile_links/unknown-link",
      signed({ is_disabled: true }),
    );
    expect(answer.status).toBe(404);
  });
});

describe("list: POST /v1/smile_links/:list", () => {
  let paged: RunningEmulator;
  let refIds: string[];

  beforeAll(async () => {
    paged = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, pageSize: 2 });
    refIds = [];
    for (let i = 0; i < 5; i++)
      refIds.push((await createLink(paged, { name: `link ${i}` })).ref_id);
  });

  afterAll(async () => {
    await paged.close();
  });

  it("pages links in creation order with the docs' meta", async () => {
    const pages = [];
    for (const page of [1, 2, 3]) {
      pages.push(await send(paged, "POST", "/v1/smile_links/:list", signed({ page })));
    }
    expect(pages.map((p) => (p.body.links as { ref_id: string }[]).map((l) => l.ref_id))).toEqual([
      refIds.slice(0, 2),
      refIds.slice(2, 4),
      refIds.slice(4),
    ]);
    expect(pages[2]!.body.meta).toEqual({ currentPage: 3, limit: 2, totalCount: 5, totalPages: 3 });
  });

  it("answers the first page when no page is given", async () => {
    const answer = await send(paged, "POST", "/v1/smile_links/:list", signed());
    expect(answer.body.meta).toMatchObject({ currentPage: 1 });
  });

  it("answers full link objects, as get does", async () => {
    const list = await send(paged, "POST", "/v1/smile_links/:list", signed());
    const get = await send(paged, "POST", `/v1/smile_links/${refIds[0]}`, signed());
    expect((list.body.links as unknown[])[0]).toEqual(get.body);
  });

  it("reports one page when there are no links", async () => {
    const empty = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY });
    const answer = await send(empty, "POST", "/v1/smile_links/:list", signed());
    await empty.close();
    expect(answer.body).toEqual({
      links: [],
      meta: { currentPage: 1, limit: 20, totalCount: 0, totalPages: 1 },
    });
  });

  it.each([0, -1, 1.5, "2"])("answers 400 naming page for page %j", async (page) => {
    const answer = await send(paged, "POST", "/v1/smile_links/:list", signed({ page }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^page /);
  });
});

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
    const before = emulator.store.size;
    const answer = await send(emulator, "POST", "/v1/smile_links", { ...linkBody(), ...body });
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe(code);
    expect(emulator.store.size).toBe(before);
  });

  it("never echoes the API key or the expected signature", async () => {
    const timestamp = new Date().toISOString();
    const expected = computeSignature(API_KEY, PARTNER_ID, timestamp);
    const body = { ...signed(), timestamp, signature: "wrong" };
    const answer = await send(emulator, "POST", "/v1/smile_links/:list", body);
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).not.toContain(API_KEY);
    expect(JSON.stringify(answer.body)).not.toContain(expected);
  });

  it("accepts a timestamp with a time zone offset", async () => {
    const timestamp = new Date().toISOString().replace("Z", "+00:00");
    const signature = computeSignature(API_KEY, PARTNER_ID, timestamp);
    const body = { partner_id: PARTNER_ID, timestamp, signature };
    expect((await send(emulator, "POST", "/v1/smile_links/:list", body)).status).toBe(200);
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
    const before = emulator.store.size;
    const answer = await send(emulator, "POST", "/v1/smile_links", signed(linkBody(overrides)));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")} `));
    expect(answer.body.code).toMatch(/^(missing|invalid)_field$/);
    expect(emulator.store.size).toBe(before);
  });

  it("lists the allowed verification methods in the message", async () => {
    const body = linkBody({ id_types: [method("selfie")] });
    const answer = await send(emulator, "POST", "/v1/smile_links", signed(body));
    expect(answer.body.error).toContain(
      "must be one of biometric_kyc, doc_verification, enhanced_document_verification, enhanced_kyc",
    );
  });

  it("accepts the same ID type in two countries", async () => {
    const body = linkBody({
      id_types: [method("enhanced_kyc", "NG"), method("doc_verification", "KE")],
    });
    expect((await send(emulator, "POST", "/v1/smile_links", signed(body))).status).toBe(200);
  });
});

describe("routes and paths", () => {
  it("answers 404 for an unknown route", async () => {
    const answer = await send(emulator, "POST", "/v1/other", signed());
    expect(answer).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const answer = await send(emulator, "DELETE", "/v1/smile_links/abc", signed());
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
    const before = JSON.stringify(emulator.store.list());
    const answer = await raw(emulator, "PUT", path, JSON.stringify(signed({ is_disabled: true })));
    expect(answer.status).toBe(status);
    expect(JSON.stringify(emulator.store.list())).toBe(before);
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
      const before = JSON.stringify(emulator.store.list());
      const answer = await raw(emulator, "POST", "/v1/smile_links", body, headers);
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: expect.any(String),
        code: expect.any(String),
      });
      expect(JSON.stringify(emulator.store.list())).toBe(before);
      expect((await send(emulator, "POST", "/v1/smile_links/:list", signed())).status).toBe(200);
    },
  );

  it.each([
    ["declares a length over 1 MiB", { "content-length": 10 * 1024 * 1024 }, "{}"],
    ["streams past 1 MiB in chunks", { "transfer-encoding": "chunked" }, "x".repeat(1536 * 1024)],
  ])("answers 413 without reading to the end when a body %s", async (_case, headers, sent) => {
    const allHeaders = { "content-type": "application/json", ...headers };
    const answer = await raw(emulator, "POST", "/v1/smile_links", sent, allHeaders, {
      finish: false,
    });
    expect(answer.status).toBe(413);
  });

  it("accepts a charset parameter on the JSON content type", async () => {
    const headers = { "content-type": "application/json; charset=utf-8" };
    expect((await send(emulator, "POST", "/v1/smile_links/:list", signed(), headers)).status).toBe(
      200,
    );
  });
});

describe("faults", () => {
  it("answers every request with errorStatus at errorRate 1, before any work", async () => {
    emulator.faults.set({ errorRate: 1, errorStatus: 502 });
    const before = emulator.store.size;
    const answer = await send(emulator, "POST", "/v1/smile_links", signed(linkBody()));
    expect(answer).toMatchObject({ status: 502, body: { code: "injected_fault" } });
    expect(emulator.store.size).toBe(before);
  });

  it("answers 503 by default", async () => {
    emulator.faults.set({ errorRate: 1 });
    expect((await send(emulator, "POST", "/v1/smile_links/:list", signed())).status).toBe(503);
  });

  it("fails the next requests as scripted by failNext, then recovers", async () => {
    emulator.faults.set({
      failNext: [
        { status: 500, count: 2 },
        { status: 429, count: 1 },
      ],
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await send(emulator, "POST", "/v1/smile_links/:list", signed())).status);
    }
    expect(statuses).toEqual([500, 500, 429, 200]);
  });

  it("lets the requests given by after through before a failNext rule applies", async () => {
    emulator.faults.set({ failNext: [{ status: 500, count: 1, after: 2 }] });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await send(emulator, "POST", "/v1/smile_links/:list", signed())).status);
    }
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  it("throttles with 429 and a Retry-After header", async () => {
    emulator.faults.set({ throttleRate: 1, retryAfterSeconds: 7 });
    const answer = await send(emulator, "POST", "/v1/smile_links/:list", signed());
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.body.code).toBe("rate_limited");
  });

  it("gives a scripted 429 the default Retry-After of 1 second", async () => {
    emulator.faults.set({ failNext: [{ status: 429, count: 1 }] });
    const answer = await send(emulator, "POST", "/v1/smile_links/:list", signed());
    expect(answer.headers.get("retry-after")).toBe("1");
  });

  it("delays answers by latencyMs", async () => {
    emulator.faults.set({ latencyMs: 150 });
    const started = Date.now();
    await send(emulator, "POST", "/v1/smile_links/:list", signed());
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("creates the link although the client's connection is dropped after the work", async () => {
    emulator.faults.set({ dropAfterWorkNext: 1 });
    const name = `dropped ${Date.now()}`;
    await expect(
      send(emulator, "POST", "/v1/smile_links", signed(linkBody({ name }))),
    ).rejects.toThrow();
    expect(emulator.store.list().filter((link) => link.name === name)).toHaveLength(1);
    expect(emulator.requests.at(-1)).toMatchObject({ path: "/v1/smile_links", status: 0 });
  });

  it("drops every request at dropAfterWorkRate 1", async () => {
    emulator.faults.set({ dropAfterWorkRate: 1 });
    await expect(send(emulator, "POST", "/v1/smile_links/:list", signed())).rejects.toThrow();
  });

  it("repeats the same random faults for the same seed", async () => {
    const run = async () => {
      emulator.faults.set({ errorRate: 0.5, seed: 42 });
      const statuses = [];
      for (let i = 0; i < 8; i++) {
        statuses.push((await send(emulator, "POST", "/v1/smile_links/:list", signed())).status);
      }
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503]));
  });

  it("leaves link pages and admin routes alone", async () => {
    const { link } = await createLink(emulator);
    emulator.faults.set({ errorRate: 1 });
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(`${new URL(emulator.url).origin}/__emulator/requests`)).status).toBe(200);
  });

  it("refuses a fault config with an out-of-range rate", () => {
    expect(() => emulator.faults.set({ errorRate: 2 })).toThrow(/errorRate/);
  });
});

describe("admin routes", () => {
  it("sets and resets faults over HTTP", async () => {
    const set = await send(emulator, "POST", "/__emulator/faults", {
      failNext: [{ status: 504, count: 1 }],
    });
    expect(set.status).toBe(200);
    expect((await send(emulator, "POST", "/v1/smile_links/:list", signed())).status).toBe(504);
    await send(emulator, "POST", "/__emulator/faults", { errorRate: 1 });
    await send(emulator, "DELETE", "/__emulator/faults", undefined, {});
    expect((await send(emulator, "POST", "/v1/smile_links/:list", signed())).status).toBe(200);
  });

  it("answers 400 naming the field of a bad fault config", async () => {
    const answer = await send(emulator, "POST", "/__emulator/faults", { throttleRate: -1 });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^throttleRate/);
  });

  it("logs API requests but not its own routes, and clears the log", async () => {
    emulator.clearRequests();
    await send(emulator, "POST", "/v1/smile_links/:list", signed());
    await send(emulator, "POST", "/v1/smile_links/nope", signed());
    const log = await send(emulator, "GET", "/__emulator/requests", undefined, {});
    expect(log.body).toEqual([
      {
        method: "POST",
        path: "/v1/smile_links/:list",
        status: 200,
        ms: expect.any(Number),
        at: expect.any(String),
      },
      {
        method: "POST",
        path: "/v1/smile_links/nope",
        status: 404,
        ms: expect.any(Number),
        at: expect.any(String),
      },
    ]);
    await send(emulator, "DELETE", "/__emulator/requests", undefined, {});
    expect(emulator.requests).toEqual([]);
  });

  it("records simulated jobs on a link", async () => {
    const { ref_id } = await createLink(emulator);
    const answer = await send(emulator, "POST", `/__emulator/links/${ref_id}/jobs`, {
      successful: 2,
      failed: 5,
    });
    expect(answer.body).toMatchObject({
      ref_id,
      total_jobs: 7,
      successful_jobs: 2,
      failed_jobs: 5,
    });
  });

  it("answers 404 for jobs on an unknown link", async () => {
    const answer = await send(emulator, "POST", "/__emulator/links/unknown/jobs", {
      successful: 1,
    });
    expect(answer.status).toBe(404);
  });
});

describe("the app without a socket", () => {
  it("answers a request passed to it as a function", async () => {
    const context = {
      store: await LinkStore.open(),
      faults: new FaultController(),
      requests: [],
      origin: "http://emulator.test",
      credentials: { partnerId: PARTNER_ID, apiKey: API_KEY, signatureWindowMs: 60_000 },
      pageSize: 20,
      now: Date.now,
      sleep: async () => undefined,
    };
    const app = createApp(context);
    const response = await app({
      method: "POST",
      path: "/v1/smile_links",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signed(linkBody())),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).link).toMatch(
      /^http:\/\/emulator\.test\/links\/[0-9a-f]{16}$/,
    );
  });
});

describe("data file", () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "smile-links-emulator-"));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("keeps links across a restart", async () => {
    const dataFile = join(directory, "restart.json");
    const first = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, dataFile });
    const { ref_id } = await createLink(first, { name: "survivor" });
    await first.close();
    const second = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, dataFile });
    const answer = await send(second, "POST", `/v1/smile_links/${ref_id}`, signed());
    await second.close();
    expect(answer).toMatchObject({ status: 200, body: { ref_id, name: "survivor" } });
  });

  it("creates the data file's directory when it does not exist yet", async () => {
    const dataFile = join(directory, "new", "nested", "links.json");
    const running = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, dataFile });
    const { ref_id } = await createLink(running, { name: "first" });
    await running.close();
    expect(JSON.parse(await readFile(dataFile, "utf8")).links[0].ref_id).toBe(ref_id);
  });

  it("is valid JSON at every moment while links are written", async () => {
    const dataFile = join(directory, "atomic.json");
    const running = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, dataFile });
    let writing = true;
    const reads: unknown[] = [];
    const reader = (async () => {
      while (writing) {
        const text = await readFile(dataFile, "utf8").catch(() => undefined);
        if (text !== undefined) reads.push(JSON.parse(text));
      }
    })();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => createLink(running, { name: `burst ${i}` })),
    );
    writing = false;
    await reader;
    await running.close();
    const saved = JSON.parse(await readFile(dataFile, "utf8"));
    expect(reads.length).toBeGreaterThan(0);
    expect(saved.links).toHaveLength(25);
    expect(await readdir(directory)).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/\.tmp$/)]),
    );
  });

  it("refuses to start on a damaged data file", async () => {
    const dataFile = join(directory, "damaged.json");
    await writeFile(dataFile, "{ half");
    await expect(startEmulator({ dataFile })).rejects.toThrow(/not valid JSON/);
  });
});
