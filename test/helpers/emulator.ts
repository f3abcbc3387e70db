import { request as httpRequest } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { SmileLinksClient, type SmileLinksClientOptions } from "../../provider/client/client";
import { computeSignature } from "../../provider/client/signature";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/emulator";
import type { StackSettings } from "./pulumi-stack";

/**
 * The one emulator fixture of the tests: its credentials, an emulator per test file, a client
 * of it, and the wire protocol spoken to it directly (signed bodies, raw requests).
 */

export const PARTNER_ID = "partner-042";
/** Distinctive, so that a test can search any text for it. */
export const API_KEY = "sk-test-9f8e7d6c5b4a-DO-NOT-LEAK";

/**
 * Starts an emulator on a free port for the file's tests, and closes it after them; its faults
 * and its request log reset before each test.
 */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, ...options });
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator?.faults.reset();
    emulator?.clearRequests();
  });
  return () => {
    if (!emulator) throw new Error("the emulator has not started");
    return emulator;
  };
}

/** The Smile ID settings of a stack that deploys to `emulator` with the fixture's credentials. */
export function stackSettingsFor(emulator: RunningEmulator): Required<StackSettings> {
  return { partnerId: PARTNER_ID, apiUrl: emulator.url, apiKey: API_KEY };
}

/** A client of the emulator with quick retries, so fault tests stay short. */
export function clientFor(
  emulator: RunningEmulator,
  options: Partial<SmileLinksClientOptions> = {},
): SmileLinksClient {
  return new SmileLinksClient({
    apiUrl: emulator.url,
    partnerId: PARTNER_ID,
    apiKey: API_KEY,
    retry: { baseDelayMs: 5, maxDelayMs: 2_000 },
    ...options,
  });
}

/** The API requests the emulator answered, as "METHOD path". */
export function requestLines(emulator: RunningEmulator): string[] {
  return emulator.requests.map((r) => `${r.method} ${r.path.replace(/^\/v1/, "")}`);
}

/** The wire protocol, spoken to the emulator directly. */

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export function signed(
  body: Record<string, unknown> = {},
  at = new Date(),
): Record<string, unknown> {
  const timestamp = at.toISOString();
  const signature = computeSignature(API_KEY, PARTNER_ID, timestamp);
  return { partner_id: PARTNER_ID, timestamp, signature, ...body };
}

export function linkBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "My Link",
    company_name: "My Company Name",
    id_types: [{ country: "NG", id_type: "PASSPORT", verification_method: "doc_verification" }],
    callback_url: "https://example.webhook.com",
    data_privacy_policy_url: "https://mywebsite.com/privacy_policy",
    ...overrides,
  };
}

export async function send(
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
export function raw(
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

export async function createLink(
  emulator: RunningEmulator,
  overrides: Record<string, unknown> = {},
) {
  const answer = await send(emulator, "POST", "/v1/smile_links", signed(linkBody(overrides)));
  expect(answer.status).toBe(200);
  return answer.body as { link: string; ref_id: string };
}

/** An API URL where nothing listens: a port just closed. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}
