import { afterAll, beforeAll, beforeEach } from "vitest";
import { SmileLinksClient, type SmileLinksClientOptions } from "../../provider/client/client";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/emulator";

export const PARTNER_ID = "partner-042";
/** Distinctive, so that a test can search any text for it. */
export const API_KEY = "sk-test-9f8e7d6c5b4a-DO-NOT-LEAK";

/** Starts an emulator on a free port for the file's tests; faults and the log reset per test. */
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
