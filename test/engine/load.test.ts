import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmileLinkArgs } from "../../provider";
import type { RequestRecord } from "../../provider/emulator";
import { linkFigures, requestFigures } from "../../scripts/load-figures.mjs";
import { useEmulator } from "../helpers/emulator";
import { engineStack, type EngineStack } from "../helpers/engine";
import { linkArgs } from "../helpers/links";

/**
 * Many links deployed at once by the real engine while the emulator fails requests at the
 * issue's rates (10% 5xx, 10% 429 with Retry-After, random latency): every operation still
 * ends well, without a duplicate link, within the client's concurrency cap, and backing off
 * together on 429. Scripted at the start: a 503, then two requests whose connection drops
 * after the work. `npm run load` runs 200 links and prints the figures.
 */
const emulator = useEmulator();

const LINKS = 40;
const RETRY_AFTER_SECONDS = 1;
const FAULTS = {
  errorRate: 0.1,
  throttleRate: 0.1,
  retryAfterSeconds: RETRY_AFTER_SECONDS,
  latencyJitterMs: 200,
  seed: 20240229,
};
const SCRIPTED = { failNext: [{ status: 503, count: 1 }], dropAfterWorkNext: 2 };

const links = Object.fromEntries(
  Array.from({ length: LINKS }, (_, i) => [
    `link${i}`,
    linkArgs({ name: `Load link ${i}` }) as unknown as SmileLinkArgs,
  ]),
);

describe(`${LINKS} links deployed at once under 429s, 5xx, dropped answers and random latency`, () => {
  let engine: EngineStack;
  let firstUp: { changes?: Record<string, number>; error?: string };
  let requests: RequestRecord[];
  beforeAll(async () => {
    engine = await engineStack(emulator(), links);
    emulator().faults.set({ ...FAULTS, ...SCRIPTED });
    firstUp = await engine.stack.up({ parallel: LINKS }).then(
      (result) => ({ changes: result.summary.resourceChanges }),
      (error: Error) => ({ error: error.message }),
    );
    requests = [...emulator().requests];
  });
  afterAll(() => engine?.remove());

  it("ends every operation well", () => {
    expect(firstUp).toEqual({ changes: { create: LINKS + 1 } });
  });

  it("met the faults it was meant to meet", () => {
    const { byStatus, ambiguousCreates } = requestFigures(requests, {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
    expect(byStatus["429"]).toBeGreaterThan(0);
    expect(byStatus["5xx"]).toBeGreaterThan(0);
    expect(byStatus.dropped).toBe(2);
    expect(ambiguousCreates).toBeGreaterThan(0);
  });

  it("leaves exactly one enabled link per resource, with no duplicate", () => {
    expect(linkFigures(emulator().store.list())).toEqual({
      count: LINKS,
      enabled: LINKS,
      uniqueNames: LINKS,
      duplicateNames: [],
    });
  });

  it("never has more than 8 requests in flight", () => {
    const { maxInFlight } = requestFigures(requests, { retryAfterSeconds: RETRY_AFTER_SECONDS });
    expect(maxInFlight).toBeLessThanOrEqual(8);
  });

  it("sends no request while a Retry-After is in force", () => {
    const figures = requestFigures(requests, { retryAfterSeconds: RETRY_AFTER_SECONDS });
    expect(figures.arrivalsDuringRetryAfter).toBe(0);
  });

  it("changes nothing and calls no API on a second up", async () => {
    emulator().faults.set(FAULTS);
    const second = await engine.stack.up({ parallel: LINKS });
    expect(second.summary.resourceChanges).toEqual({ same: LINKS + 1 });
    expect(emulator().requests).toEqual([]);
  });
});
