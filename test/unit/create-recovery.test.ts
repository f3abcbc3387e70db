import { beforeEach, describe, expect, it } from "vitest";
import type { RetryPolicy } from "../../provider/client/retry-timing";
import { CREATE_MARKER_KEY } from "../../provider/link/create-marker";
import type { SmileLinkInputs } from "../../provider/link/types";
import { postWithoutDuplicate } from "../../provider/link/create/ambiguous-create";
import { newCreateMarker, resourcePartFor } from "../../provider/link/create/marker";
import { settleLookTimes, type SettlePolicy } from "../../provider/link/create/settle-timing";
import { clientFor, requestLines, useEmulator } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";
import { configureFor, smileLinkProvider as provider } from "../helpers/provider";

/** Creates without a trustworthy answer: none may make a second link or leave one orphaned. */
const emulator = useEmulator();

beforeEach(() => configureFor(emulator()));

const LIST = "POST /smile_links/:list";
const CREATE = "POST /smile_links";

describe("the provider's create, whose answer is lost or odd", () => {
  it("takes the link it made when the connection drops after the work", async () => {
    const before = emulator().store.size;
    emulator().faults.set({ dropAfterWorkNext: 1 });
    const { id } = await provider.create(linkInputs());
    expect(emulator().store.size).toBe(before + 1);
    expect(emulator().store.get(id)?.disabled_at).toBeNull();
    expect(requestLines(emulator())).toEqual([CREATE, LIST]);
  });

  it("takes the link it made when a gateway answered 502 after the work", async () => {
    const before = emulator().store.size;
    emulator().faults.set({ failNext: [{ status: 502, count: 1, work: "done" }] });
    const { id } = await provider.create(linkInputs());
    expect(emulator().store.size).toBe(before + 1);
    expect(emulator().store.get(id)).toBeDefined();
    expect(requestLines(emulator())).toEqual([CREATE, LIST]);
  });

  it("takes the link it made when the 2xx answer cannot be read", async () => {
    const before = emulator().store.size;
    emulator().faults.set({ createAnswer: "empty" });
    const { id, outs } = await provider.create(linkInputs());
    expect(emulator().store.size).toBe(before + 1);
    expect(outs!.url).toMatch(new RegExp(`/links/${id}$`));
    expect(requestLines(emulator())).toEqual([CREATE, LIST]);
  });

  it("reads an answer that names the URL link_url, as get and list do", async () => {
    emulator().faults.set({ createAnswer: "link_url" });
    const { id, outs } = await provider.create(linkInputs());
    expect(outs!.url).toMatch(new RegExp(`/links/${id}$`));
    expect(requestLines(emulator())).toEqual([CREATE]);
  });

  it("does not list links after a create the API refused", async () => {
    emulator().faults.set({ failNext: [{ status: 400, count: 1 }] });
    await expect(provider.create(linkInputs())).rejects.toThrow(/HTTP 400/);
    expect(requestLines(emulator())).toEqual([CREATE]);
  });
});

/** A short settle window, so that the loop's tests stay quick: looks at 20, 60, 140 and 300 ms. */
const QUICK_SETTLE: SettlePolicy = { firstLookMs: 20, windowMs: 300 };
const LOOKS = settleLookTimes(QUICK_SETTLE);

function post(
  inputs: SmileLinkInputs,
  marker: string,
  {
    knownIds = new Set<string>(),
    retry = {},
    settle = QUICK_SETTLE,
  }: { knownIds?: Set<string>; retry?: Partial<RetryPolicy>; settle?: SettlePolicy } = {},
) {
  const api = clientFor(emulator(), { retry: { baseDelayMs: 5, ...retry } });
  const linksNow = () => api.list();
  return postWithoutDuplicate({ api, inputs, marker, knownIds, linksNow, settle });
}

const markerFor = (inputs: SmileLinkInputs) => newCreateMarker(resourcePartFor(inputs));

describe("the ambiguous-create loop", () => {
  it("looks through the whole settle window before it creates again", async () => {
    emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
    const inputs = linkInputs();
    const { refId } = await post(inputs, markerFor(inputs));
    expect(emulator().store.get(refId)).toBeDefined();
    expect(requestLines(emulator())).toEqual([CREATE, ...LOOKS.map(() => LIST), CREATE]);
  });

  it("finds a link the API makes after the gateway's answer, within the window", async () => {
    const inputs = linkInputs({ name: "Landed late" });
    emulator().faults.set({
      failNext: [{ status: 504, count: 1, work: "later", workDelayMs: 50 }],
    });
    const { refId } = await post(inputs, markerFor(inputs), {
      settle: { firstLookMs: 100, windowMs: 5_000 },
    });
    await emulator().idle();
    const named = emulator()
      .store.list()
      .filter((link) => link.name === "Landed late");
    expect(named.map((link) => link.ref_id)).toEqual([refId]);
    expect(requestLines(emulator()).filter((line) => line === CREATE)).toHaveLength(1);
  });

  it("never takes a link of the same resource that another create made", async () => {
    const inputs = linkInputs({ resourceKey: "project/stack/twice" });
    const earlier = await clientFor(emulator()).create(inputs, markerFor(inputs));
    emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
    const { refId } = await post(inputs, markerFor(inputs));
    expect(refId).not.toBe(earlier.refId);
  });

  it("never takes a disabled link, even one with its own marker", async () => {
    const inputs = linkInputs();
    const marker = markerFor(inputs);
    const client = clientFor(emulator());
    const disabled = await client.create(inputs, marker);
    await client.update(disabled.refId, { isDisabled: true });
    emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
    expect((await post(inputs, marker)).refId).not.toBe(disabled.refId);
  });

  it("never takes a link the deployment holds, even one with its own marker", async () => {
    const inputs = linkInputs();
    const marker = markerFor(inputs);
    const held = await clientFor(emulator()).create(inputs, marker);
    emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
    const { refId } = await post(inputs, marker, { knownIds: new Set([held.refId]) });
    expect(refId).not.toBe(held.refId);
  });

  it("gives up after its attempts, each followed by the window, saying where a link would be", async () => {
    const before = emulator().store.size;
    // Both POSTs fail before any work; the lists between them answer.
    emulator().faults.set({
      failNext: [
        { status: 503, count: 1 },
        { status: 503, count: 1, after: LOOKS.length },
      ],
    });
    const inputs = linkInputs();
    const marker = markerFor(inputs);
    const error = (await post(inputs, marker, { retry: { maxAttempts: 2 } }).then(
      () => new Error("the create succeeded"),
      (e: Error) => e,
    )) as Error;
    expect(error.message).toMatch(/^create link "Customer onboarding": HTTP 503 from POST /);
    expect(error.message).toContain(`partner_params.${CREATE_MARKER_KEY} = "${marker}"`);
    expect(error.message).toMatch(/The next pulumi up creates a new link/);
    expect(error.message).toMatch(/smileid:adoptOrphans/);
    expect(emulator().store.size).toBe(before);
    const lookRound = [CREATE, ...LOOKS.map(() => LIST)];
    expect(requestLines(emulator())).toEqual([...lookRound, ...lookRound]);
  });

  it("leaves the settle windows out of the time budget, which bounds the retries alone", async () => {
    // One look per window, at its end. Two windows (1 s) outlast the time budget, while the
    // POSTs, the only time it counts, take a few milliseconds.
    const retry = { maxAttempts: 3, maxElapsedMs: 900 };
    const settle = { firstLookMs: 500, windowMs: 500 };
    emulator().faults.set({
      failNext: [
        { status: 503, count: 1 },
        { status: 503, count: 1, after: 1 },
        { status: 503, count: 1, after: 1 },
      ],
    });
    const inputs = linkInputs();
    await expect(post(inputs, markerFor(inputs), { retry, settle })).rejects.toThrow(
      /3 attempt\(s\)/,
    );
    expect(requestLines(emulator())).toEqual([CREATE, LIST, CREATE, LIST, CREATE, LIST]);
  });

  it("keeps the create's failure when looking for the link fails, and says a link may exist", async () => {
    emulator().faults.set({
      failNext: [
        { status: 502, count: 1, work: "done" },
        { status: 503, count: 5 },
      ],
    });
    const inputs = linkInputs();
    const marker = markerFor(inputs);
    const error = (await post(inputs, marker).catch((e: unknown) => e)) as Error & {
      details: { status?: number };
    };
    expect(error.message).toMatch(/^create link "Customer onboarding": HTTP 502 from POST /);
    expect(error.message).toMatch(/looking for it failed: list links: HTTP 503/);
    expect(error.message).toContain(`partner_params.${CREATE_MARKER_KEY} = "${marker}"`);
    expect(error.details.status).toBe(502);
    expect(requestLines(emulator())).toEqual([CREATE, LIST, LIST, LIST, LIST, LIST]);
  });
});

describe("the create marker", () => {
  it("is stored in the link's partner params: the resource part, then this create's nonce", async () => {
    const { id } = await provider.create(linkInputs({ partnerParams: { tier: "gold" } }));
    expect(emulator().store.get(id)?.partner_params).toEqual({
      tier: "gold",
      [CREATE_MARKER_KEY]: expect.stringMatching(/^[0-9a-f-]{36}\.[0-9a-f]{16}$/),
    });
  });

  it("never shows in outputs or refreshed inputs", async () => {
    const { id, outs } = await provider.create(linkInputs({ partnerParams: { tier: "gold" } }));
    expect(outs!.partnerParams).toEqual({ tier: "gold" });
    // Drift, so that the read sends back refreshed inputs.
    await clientFor(emulator()).update(id, { isDisabled: true });
    const read = await provider.read!(id, outs);
    expect(read.props!.partnerParams).toEqual({ tier: "gold" });
    expect(read.inputs!.partnerParams).toEqual({ tier: "gold" });
  });

  it("causes no diff on a link created without partner params", async () => {
    const { id, outs } = await provider.create(linkInputs());
    const read = await provider.read!(id, outs);
    expect(read.props).not.toHaveProperty("partnerParams");
    expect((await provider.diff!(id, read.props!, linkInputs())).changes).toBe(false);
  });
});
