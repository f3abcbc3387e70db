import { describe, expect, it } from "vitest";
import { signed, linkBody, send, createLink, useEmulator } from "../helpers/emulator";

const emulator = useEmulator();

describe("faults", () => {
  it("answers every request with errorStatus at errorRate 1, before any work", async () => {
    emulator().faults.set({ errorRate: 1, errorStatus: 502 });
    const before = emulator().store.size;
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(linkBody()));
    expect(answer).toMatchObject({ status: 502, body: { code: "injected_fault" } });
    expect(emulator().store.size).toBe(before);
  });

  it("answers 503 by default", async () => {
    emulator().faults.set({ errorRate: 1 });
    expect((await send(emulator(), "POST", "/v1/smile_links/:list", signed())).status).toBe(503);
  });

  it("fails the next requests as scripted by failNext, then recovers", async () => {
    emulator().faults.set({
      failNext: [
        { status: 500, count: 2 },
        { status: 429, count: 1 },
      ],
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await send(emulator(), "POST", "/v1/smile_links/:list", signed())).status);
    }
    expect(statuses).toEqual([500, 500, 429, 200]);
  });

  it("lets the requests given by after through before a failNext rule applies", async () => {
    emulator().faults.set({ failNext: [{ status: 500, count: 1, after: 2 }] });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await send(emulator(), "POST", "/v1/smile_links/:list", signed())).status);
    }
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  it("throttles with 429 and a Retry-After header", async () => {
    emulator().faults.set({ throttleRate: 1, retryAfterSeconds: 7 });
    const answer = await send(emulator(), "POST", "/v1/smile_links/:list", signed());
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.body.code).toBe("rate_limited");
  });

  it("gives a scripted 429 the default Retry-After of 1 second", async () => {
    emulator().faults.set({ failNext: [{ status: 429, count: 1 }] });
    const answer = await send(emulator(), "POST", "/v1/smile_links/:list", signed());
    expect(answer.headers.get("retry-after")).toBe("1");
  });

  it("delays answers by latencyMs", async () => {
    emulator().faults.set({ latencyMs: 150 });
    const started = Date.now();
    await send(emulator(), "POST", "/v1/smile_links/:list", signed());
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("creates the link although the client's connection is dropped after the work", async () => {
    emulator().faults.set({ dropAfterWorkNext: 1 });
    const name = `dropped ${Date.now()}`;
    await expect(
      send(emulator(), "POST", "/v1/smile_links", signed(linkBody({ name }))),
    ).rejects.toThrow();
    expect(
      emulator()
        .store.list()
        .filter((link) => link.name === name),
    ).toHaveLength(1);
    expect(emulator().requests.at(-1)).toMatchObject({ path: "/v1/smile_links", status: 0 });
  });

  it("drops every request at dropAfterWorkRate 1", async () => {
    emulator().faults.set({ dropAfterWorkRate: 1 });
    await expect(send(emulator(), "POST", "/v1/smile_links/:list", signed())).rejects.toThrow();
  });

  it("repeats the same random faults for the same seed", async () => {
    const run = async () => {
      emulator().faults.set({ errorRate: 0.5, seed: 42 });
      const statuses = [];
      for (let i = 0; i < 8; i++) {
        statuses.push((await send(emulator(), "POST", "/v1/smile_links/:list", signed())).status);
      }
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503]));
  });

  it("leaves link pages and admin routes alone", async () => {
    const { link } = await createLink(emulator());
    emulator().faults.set({ errorRate: 1 });
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(`${new URL(emulator().url).origin}/__emulator/requests`)).status).toBe(200);
  });

  it("makes the link and then answers the status with work done", async () => {
    emulator().faults.set({ failNext: [{ status: 502, count: 1, work: "done" }] });
    const name = `worked then 502 ${Date.now()}`;
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(linkBody({ name })));
    expect(answer.status).toBe(502);
    expect(
      emulator()
        .store.list()
        .filter((link) => link.name === name),
    ).toHaveLength(1);
  });

  it("answers a create as { link_url, ref_id } with createAnswer link_url", async () => {
    emulator().faults.set({ createAnswer: "link_url" });
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(linkBody()));
    expect(answer.body).toEqual({ link_url: expect.any(String), ref_id: expect.any(String) });
    expect(emulator().store.get(String(answer.body.ref_id))).toBeDefined();
  });

  it("answers a create with {} with createAnswer empty, and still makes the link", async () => {
    emulator().faults.set({ createAnswer: "empty" });
    const before = emulator().store.size;
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(linkBody()));
    expect(answer).toMatchObject({ status: 200, body: {} });
    expect(emulator().store.size).toBe(before + 1);
  });

  it("leaves the fields in omitFields out of get and list answers", async () => {
    const { ref_id } = await createLink(emulator(), { is_single_use: true, user_id: "user-9" });
    emulator().faults.set({ omitFields: ["user_id", "expires_at"] });
    const got = await send(emulator(), "POST", `/v1/smile_links/${ref_id}`, signed());
    const listed = await send(emulator(), "POST", "/v1/smile_links/:list", signed());
    const inList = (listed.body.links as Record<string, unknown>[]).find(
      (l) => l.ref_id === ref_id,
    );
    for (const link of [got.body, inList]) {
      expect(link).toHaveProperty("ref_id", ref_id);
      expect(link).not.toHaveProperty("user_id");
      expect(link).not.toHaveProperty("expires_at");
    }
    expect(emulator().store.get(ref_id)?.user_id).toBe("user-9");
  });

  it("refuses workDelayMs without work later", () => {
    expect(() =>
      emulator().faults.set({ failNext: [{ status: 504, count: 1, workDelayMs: 10 }] }),
    ).toThrow(/failNext\.0\.workDelayMs: is allowed only with work "later"/);
  });

  it("refuses a fault config with an out-of-range rate", () => {
    expect(() => emulator().faults.set({ errorRate: 2 })).toThrow(/errorRate/);
  });
});

describe("admin routes", () => {
  it("sets and resets faults over HTTP", async () => {
    const set = await send(emulator(), "POST", "/__emulator/faults", {
      failNext: [{ status: 504, count: 1 }],
    });
    expect(set.status).toBe(200);
    expect((await send(emulator(), "POST", "/v1/smile_links/:list", signed())).status).toBe(504);
    await send(emulator(), "POST", "/__emulator/faults", { errorRate: 1 });
    await send(emulator(), "DELETE", "/__emulator/faults", undefined, {});
    expect((await send(emulator(), "POST", "/v1/smile_links/:list", signed())).status).toBe(200);
  });

  it("answers 400 naming a field omitFields cannot leave out", async () => {
    const answer = await send(emulator(), "POST", "/__emulator/faults", { omitFields: ["secret"] });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^omitFields\.0/);
  });

  it("answers 400 naming the field of a bad fault config", async () => {
    const answer = await send(emulator(), "POST", "/__emulator/faults", { throttleRate: -1 });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^throttleRate/);
  });

  it("logs API requests but not its own routes, and clears the log", async () => {
    emulator().clearRequests();
    await send(emulator(), "POST", "/v1/smile_links/:list", signed());
    await send(emulator(), "POST", "/v1/smile_links/nope", signed());
    const log = await send(emulator(), "GET", "/__emulator/requests", undefined, {});
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
    await send(emulator(), "DELETE", "/__emulator/requests", undefined, {});
    expect(emulator().requests).toEqual([]);
  });

  it("records simulated jobs on a link", async () => {
    const { ref_id } = await createLink(emulator());
    const answer = await send(emulator(), "POST", `/__emulator/links/${ref_id}/jobs`, {
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
    const answer = await send(emulator(), "POST", "/__emulator/links/unknown/jobs", {
      successful: 1,
    });
    expect(answer.status).toBe(404);
  });
});
