import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createApp,
  DOCUMENTED_READING,
  FaultController,
  LinkStore,
  startEmulator,
} from "../../provider/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, signed, linkBody, send, createLink } from "../helpers/emulator";

describe("the app without a socket", () => {
  it("answers a request passed to it as a function", async () => {
    const context = {
      store: await LinkStore.open(),
      faults: new FaultController(),
      requests: [],
      origin: "http://emulator.test",
      credentials: { partnerId: PARTNER_ID, apiKey: API_KEY, signatureWindowMs: 60_000 },
      reading: DOCUMENTED_READING,
      pageSize: 20,
      now: Date.now,
      sleep: async () => undefined,
      later: () => undefined,
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

describe("a gateway's answer now and the work later", () => {
  it("answers the status at once and makes the link only when the deferred work runs", async () => {
    const deferred: { delayMs: number; work: () => Promise<unknown> }[] = [];
    const store = await LinkStore.open();
    const app = createApp({
      store,
      faults: new FaultController({
        failNext: [{ status: 504, count: 1, work: "later", workDelayMs: 2_500 }],
      }),
      requests: [],
      origin: "http://emulator.test",
      credentials: { partnerId: PARTNER_ID, apiKey: API_KEY, signatureWindowMs: 60_000 },
      reading: DOCUMENTED_READING,
      pageSize: 20,
      now: Date.now,
      sleep: async () => undefined,
      later: (delayMs, work) => void deferred.push({ delayMs, work }),
    });
    const response = await app({
      method: "POST",
      path: "/v1/smile_links",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signed(linkBody())),
    });
    expect(response.status).toBe(504);
    expect(store.size).toBe(0);
    expect(deferred.map((entry) => entry.delayMs)).toEqual([2_500]);
    await deferred[0]!.work();
    expect(store.size).toBe(1);
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
    await createLink(running, { name: "before the burst" });
    let writing = true;
    const reads: unknown[] = [];
    let firstRead: () => void = () => undefined;
    const reading = new Promise<void>((resolve) => (firstRead = resolve));
    const reader = (async () => {
      while (writing) {
        const text = await readFile(dataFile, "utf8").catch(() => undefined);
        if (text !== undefined) reads.push(JSON.parse(text));
        firstRead();
      }
    })();
    // The reader is reading before the writes start, whatever the machine's load.
    await reading;
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => createLink(running, { name: `burst ${i}` })),
    );
    writing = false;
    await reader;
    await running.close();
    const saved = JSON.parse(await readFile(dataFile, "utf8"));
    expect(reads.length).toBeGreaterThan(0);
    expect(saved.links).toHaveLength(26);
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
