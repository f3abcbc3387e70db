import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { computeSignature } from "../../provider/client/signature";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/emulator";

/** Speaks the wire protocol to the emulator directly: signed bodies, raw requests. */

export const PARTNER_ID = "partner-1";
export const API_KEY = "test-api-key-never-echoed";

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

/**
 * An emulator for the file's tests, started on a free port before them and closed after;
 * faults reset after each test. The returned object stands for the running emulator.
 */
export function useWireEmulator(options: EmulatorOptions = {}): RunningEmulator {
  let current: RunningEmulator | undefined;
  beforeAll(async () => {
    current = await startEmulator({ port: 0, partnerId: PARTNER_ID, apiKey: API_KEY, ...options });
  });
  afterAll(async () => {
    await current?.close();
  });
  afterEach(() => {
    current?.faults.reset();
  });
  // Tests read it as a plain object; each access goes to the emulator of the moment.
  return new Proxy({} as RunningEmulator, {
    get: (_, key) => {
      if (!current) throw new Error("the emulator has not started");
      return Reflect.get(current, key);
    },
  });
}
