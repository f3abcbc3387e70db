import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmileLinksClient } from "../../provider/client/client";
import { SmileLinksError } from "../../provider/errors";
import { API_KEY, clientFor, PARTNER_ID, requestLines, useEmulator } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";

const emulator = useEmulator({ pageSize: 2 });

async function rejection(promise: Promise<unknown>): Promise<SmileLinksError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmileLinksError);
  return error as SmileLinksError;
}

describe("SmileLinksClient: the four endpoints", () => {
  it("creates a link and returns its ref_id and URL", async () => {
    const created = await clientFor(emulator()).create(linkInputs());
    expect(created.refId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(created.url).toContain(created.refId);
    expect(requestLines(emulator())).toEqual(["POST /smile_links"]);
  });

  it("gets a link with the wire's snake_case mapped to camelCase", async () => {
    const client = clientFor(emulator());
    const inputs = linkInputs({
      partnerParams: { tier: "gold" },
      redirectUrl: "https://acme.example/done",
    });
    const { refId } = await client.create(inputs);
    const live = await client.get(refId);
    expect(live).toMatchObject({
      refId,
      name: inputs.name,
      companyName: inputs.companyName,
      idTypes: inputs.idTypes,
      callbackUrl: inputs.callbackUrl,
      dataPrivacyPolicyUrl: inputs.dataPrivacyPolicyUrl,
      partnerParams: { tier: "gold" },
      redirectUrl: "https://acme.example/done",
      isSingleUse: false,
      isDisabled: false,
      partnerId: PARTNER_ID,
      totalJobs: 0,
    });
  });

  it("replaces the ID types with update", async () => {
    const client = clientFor(emulator());
    const { refId } = await client.create(linkInputs());
    const idTypes = [
      { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" as const },
    ];
    const updated = await client.update(refId, { idTypes });
    expect(updated.idTypes).toEqual(idTypes);
    expect((await client.get(refId)).idTypes).toEqual(idTypes);
  });

  it("disables and re-enables a link with update", async () => {
    const client = clientFor(emulator());
    const { refId } = await client.create(linkInputs());
    expect((await client.update(refId, { isDisabled: true })).isDisabled).toBe(true);
    expect((await client.get(refId)).disabledAt).toEqual(expect.any(String));
    expect((await client.update(refId, { isDisabled: false })).isDisabled).toBe(false);
  });

  it("lists every link, walking every page", async () => {
    const client = clientFor(emulator());
    const made = await Promise.all([1, 2, 3, 4, 5].map(() => client.create(linkInputs())));
    emulator().clearRequests();
    const listed = (await client.list()).map((link) => link.refId);
    for (const { refId } of made) expect(listed).toContain(refId);
    expect(new Set(listed).size).toBe(listed.length);
    const pages = Math.ceil(emulator().store.list().length / 2);
    expect(requestLines(emulator())).toEqual(Array(pages).fill("POST /smile_links/:list"));
  });
});

describe("SmileLinksClient: errors", () => {
  it("names the operation, the link, the status and the API's message", async () => {
    const error = await rejection(clientFor(emulator()).get("no-such-link"));
    expect(error.kind).toBe("api");
    expect(error.details.status).toBe(404);
    expect(error.message).toMatch(
      /^get link no-such-link: HTTP 404 from POST http:\/\/127\.0\.0\.1:\d+\/v1\/smile_links\/no-such-link: .+/,
    );
  });

  it("reports a rejected signature without the key or the signature", async () => {
    const wrong = clientFor(emulator(), { apiKey: "another-key-entirely" });
    const error = await rejection(wrong.get("anything"));
    expect(error.details.status).toBe(401);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toMatch(
      /another-key-entirely|signature"?\s*[:=]\s*"?[A-Za-z0-9+/]{20,}/,
    );
  });

  it("never shows the API key when the client or an error is inspected", async () => {
    const client = clientFor(emulator());
    emulator().faults.set({ failNext: [{ status: 500, count: 5 }] });
    const error = await rejection(client.get("abc"));
    const { inspect } = await import("node:util");
    expect(inspect(client, { depth: 10 })).not.toContain(API_KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
  });

  it("times out a request that takes too long", async () => {
    emulator().faults.set({ latencyMs: 500 });
    const client = clientFor(emulator(), { timeoutMs: 100, retry: { maxAttempts: 1 } });
    const error = await rejection(client.get("slow"));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(
      /^get link slow: POST \S+ got no answer within 0\.1 s\. If the API is slow rather than unreachable, allow it longer \(smileid:timeoutSeconds or SMILE_ID_TIMEOUT_SECONDS\)\.$/,
    );
  });
});

describe("SmileLinksClient: retries", () => {
  it("retries a get on 5xx until it succeeds", async () => {
    const client = clientFor(emulator());
    const { refId } = await client.create(linkInputs());
    emulator().clearRequests();
    emulator().faults.set({ failNext: [{ status: 503, count: 2 }] });
    expect((await client.get(refId)).refId).toBe(refId);
    expect(emulator().requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("honours Retry-After on 429", async () => {
    const client = clientFor(emulator());
    const { refId } = await client.create(linkInputs());
    emulator().faults.set({ failNext: [{ status: 429, count: 1, retryAfterSeconds: 1 }] });
    const started = Date.now();
    await client.get(refId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("does not count answers of 429 toward the attempts", async () => {
    const client = clientFor(emulator(), { retry: { maxAttempts: 2 } });
    const { refId } = await client.create(linkInputs());
    emulator().faults.set({ failNext: [{ status: 429, count: 4, retryAfterSeconds: 0 }] });
    expect((await client.get(refId)).refId).toBe(refId);
  });

  it("holds every request back while a 429's Retry-After runs, even after the last attempt", async () => {
    const client = clientFor(emulator(), { retry: { maxElapsedMs: 0 } });
    emulator().faults.set({ failNext: [{ status: 429, count: 1, retryAfterSeconds: 1 }] });
    await rejection(client.get("first"));
    await rejection(client.get("second"));
    const [first, second] = emulator().requests.map((r) => Date.parse(r.at));
    expect(second! - first!).toBeGreaterThanOrEqual(900);
  });

  it("retries an update after the connection is reset", async () => {
    const client = clientFor(emulator());
    const { refId } = await client.create(linkInputs());
    emulator().clearRequests();
    emulator().faults.set({ dropAfterWorkNext: 1 });
    expect((await client.update(refId, { isDisabled: true })).isDisabled).toBe(true);
    expect(emulator().requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it("retries a create on 429, which proves it was not processed", async () => {
    emulator().faults.set({ failNext: [{ status: 429, count: 1, retryAfterSeconds: 0 }] });
    await clientFor(emulator()).create(linkInputs());
    expect(emulator().requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("does not retry a create on 5xx, which may have made a link", async () => {
    emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
    const error = await rejection(clientFor(emulator()).create(linkInputs()));
    expect(error.details.status).toBe(502);
    expect(emulator().requests.map((r) => r.status)).toEqual([502]);
  });

  it("does not retry a create whose connection dropped after the work", async () => {
    emulator().faults.set({ dropAfterWorkNext: 1 });
    const error = await rejection(clientFor(emulator()).create(linkInputs()));
    expect(error.details.ambiguous).toBe(true);
    expect(emulator().requests).toHaveLength(1);
  });

  it("gives up after the configured number of attempts", async () => {
    emulator().faults.set({ failNext: [{ status: 500, count: 10 }] });
    const client = clientFor(emulator(), { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    await rejection(client.get("abc"));
    expect(emulator().requests).toHaveLength(3);
  });

  it("stops retrying once the time budget is spent", async () => {
    emulator().faults.set({ failNext: [{ status: 500, count: 1_000 }] });
    const client = clientFor(emulator(), {
      retry: { maxAttempts: 1_000, baseDelayMs: 50, maxDelayMs: 50, maxElapsedMs: 300 },
    });
    const started = Date.now();
    await rejection(client.get("abc"));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(emulator().requests.length).toBeLessThan(1_000);
  });
});

describe("SmileLinksClient: create answers", () => {
  it("reads a create answer that names the URL link_url, as get and list answers do", async () => {
    emulator().faults.set({ createAnswer: "link_url" });
    const created = await clientFor(emulator()).create(linkInputs());
    expect(created.url).toMatch(new RegExp(`/links/${created.refId}$`));
  });

  it("reports a 2xx create answer it cannot read as ambiguous: the link may exist", async () => {
    emulator().faults.set({ createAnswer: "empty" });
    const error = await rejection(clientFor(emulator()).create(linkInputs()));
    expect(error).toMatchObject({ kind: "response", details: { ambiguous: true } });
    expect(error.message).toMatch(/^create link "Customer onboarding": unexpected answer/);
  });
});

describe("SmileLinksClient: answers of an unexpected shape", () => {
  let server: Server;
  let apiUrl: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ id_types: "not a list", extra: true }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("turns a malformed answer into a clear error, not undefined", async () => {
    const client = new SmileLinksClient({ apiUrl, partnerId: PARTNER_ID, apiKey: API_KEY });
    const error = await rejection(client.get("abc"));
    expect(error.kind).toBe("response");
    expect(error.message).toMatch(/^get link abc: unexpected answer from the API: id_types: /);
  });
});
