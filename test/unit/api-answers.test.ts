import { describe, expect, it } from "vitest";
import { SmileLinksClient } from "../../provider/client/client";
import { SmileLinksError } from "../../provider/errors";
import { CREATE_MARKER_KEY } from "../../provider/link/create-marker";
import {
  API_KEY,
  clientFor,
  closedPortUrl,
  PARTNER_ID,
  requestLines,
  useEmulator,
} from "../helpers/emulator";
import { linkInputs } from "../helpers/links";
import { configureStack, CREDENTIALS, smileLinkProvider as provider } from "../helpers/provider";

/**
 * Smile's answers as Smile's SDKs read them (the request id of `x-request-id` or
 * `smileid-request-id`, 408 retried where a repeat is harmless, Retry-After up to 60 s), and
 * failures without an answer, each one message that ends with one full stop.
 */
const emulator = useEmulator();

/** The error a promise rejects with; the provider's comes from the built package (dist/). */
async function rejection(promise: Promise<unknown>): Promise<SmileLinksError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect((error as Error | undefined)?.name).toBe("SmileLinksError");
  return error as SmileLinksError;
}

describe("the request id of an answer", () => {
  it.each(["x-request-id", "smileid-request-id"] as const)(
    "is quoted for Smile ID support when the answer carries %s",
    async (header) => {
      emulator().faults.set({ requestIdHeader: header, failNext: [{ status: 400, count: 1 }] });
      const error = await rejection(clientFor(emulator()).get("abc"));
      const requestId = emulator().requests[0]?.requestId;
      expect(error.details.requestId).toBe(requestId);
      expect(error.message).toMatch(
        new RegExp(
          `^get link abc: HTTP 400 from POST \\S+: .+ \\(Smile ID request id ${requestId}, quote it to Smile ID support\\)\\.$`,
        ),
      );
    },
  );

  it("is quoted for a 2xx answer that cannot be read", async () => {
    emulator().faults.set({ requestIdHeader: "x-request-id", createAnswer: "empty" });
    const error = await rejection(clientFor(emulator()).create(linkInputs()));
    const requestId = emulator().requests[0]?.requestId;
    expect(error.kind).toBe("response");
    expect(error.message).toContain(
      `(Smile ID request id ${requestId}, quote it to Smile ID support).`,
    );
  });

  it("is left out of answers that carry none", async () => {
    emulator().faults.set({ failNext: [{ status: 400, count: 1 }] });
    const error = await rejection(clientFor(emulator()).get("abc"));
    expect(error.details.requestId).toBeUndefined();
    expect(error.message).not.toContain("request id");
  });
});

describe("408, as Smile's SDKs retry it", () => {
  it("is retried for a get, which is safe to repeat", async () => {
    const client = clientFor(emulator());
    const { refId } = await client.create(linkInputs());
    emulator().clearRequests();
    emulator().faults.set({ failNext: [{ status: 408, count: 1 }] });
    expect((await client.get(refId)).refId).toBe(refId);
    expect(emulator().requests.map((r) => r.status)).toEqual([408, 200]);
  });

  it("never makes a create POST again blindly: the link it made is found by its marker", async () => {
    await configureStack({ ...CREDENTIALS, "smileid:apiUrl": emulator().url });
    const before = emulator().store.size;
    emulator().faults.set({ failNext: [{ status: 408, count: 1, work: "done" }] });
    const { id } = await provider.create(linkInputs());
    expect(emulator().store.size).toBe(before + 1);
    expect(emulator().store.get(id)?.partner_params?.[CREATE_MARKER_KEY]).toBeDefined();
    expect(requestLines(emulator())).toEqual(["POST /smile_links", "POST /smile_links/:list"]);
  });
});

describe("Retry-After", () => {
  it("is waited for a 503 as for a 429", async () => {
    const client = clientFor(emulator());
    emulator().faults.set({ failNext: [{ status: 503, count: 1, retryAfterSeconds: 1 }] });
    const started = Date.now();
    await client.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(emulator().requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it("of more than 60 s fails at once, saying how long Smile asked to wait", async () => {
    emulator().faults.set({ failNext: [{ status: 429, count: 1, retryAfterSeconds: 61 }] });
    // One request and no wait: a retry after 61 s would outlast the test's timeout.
    const error = await rejection(clientFor(emulator()).list());
    expect(emulator().requests).toHaveLength(1);
    expect(error.message).toMatch(
      /HTTP 429 from POST \S+: .+\. Smile ID asked to wait 61 s before trying again \(Retry-After: 61\), longer than the 60 s this client waits, so it did not retry: run it again after that time\.$/,
    );
  });
});

describe("a request that no API answers", () => {
  it("says nothing reached the API, how to start the emulator, and nothing of adoptOrphans", async () => {
    const apiUrl = await closedPortUrl();
    await configureStack({ ...CREDENTIALS, "smileid:apiUrl": apiUrl });
    const error = await rejection(provider.create(linkInputs({ name: "Refused" })));
    expect(error.details.ambiguous).toBe(false);
    expect(error.message).toBe(
      `create link "Refused": could not connect to ${apiUrl}: the connection was refused ` +
        "(ECONNREFUSED), so nothing reached the API. If it is the local emulator, start it with " +
        "smile-links emulator (it prints its URL); otherwise check the API URL (smileid:apiUrl " +
        "or SMILE_ID_API_URL).",
    );
  });

  it("fails at the timeout, naming it and the setting that allows longer", async () => {
    emulator().faults.set({ latencyMs: 1_000 });
    const client = new SmileLinksClient({
      apiUrl: emulator().url,
      partnerId: PARTNER_ID,
      apiKey: API_KEY,
      timeoutMs: 200,
      retry: { maxAttempts: 1 },
    });
    const error = await rejection(client.list());
    expect(error.details).toMatchObject({ code: "ECONNABORTED", ambiguous: true });
    expect(error.message).toMatch(
      /^list links: POST \S+ got no answer within 0\.2 s\. If the API is slow rather than unreachable, allow it longer \(smileid:timeoutSeconds or SMILE_ID_TIMEOUT_SECONDS\)\.$/,
    );
  });
});

describe("every message", () => {
  it.each([
    ["a refusal of the credentials", { failNext: [{ status: 401, count: 1 }] }],
    ["a 5xx after every retry", { failNext: [{ status: 503, count: 5 }] }],
    ["a 400 with Smile's text", { failNext: [{ status: 400, count: 1 }] }],
    ["a 2xx that cannot be read", { createAnswer: "empty" as const }],
  ])("ends with exactly one full stop: %s", async (_, faults) => {
    emulator().faults.set({ requestIdHeader: "x-request-id", ...faults });
    const error = await rejection(clientFor(emulator()).create(linkInputs()));
    expect(error.message).toMatch(/[^.]\.$/);
    expect(error.message).not.toMatch(/\.\.|\. \./);
  });
});
