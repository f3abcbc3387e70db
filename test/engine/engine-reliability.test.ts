import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmileLinkArgs } from "../../provider";
import { startEmulator, type FaultSettings, type RunningEmulator } from "../../provider/emulator";
import { API_KEY, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { engineStack, type EngineStack } from "../helpers/engine";
import { linkArgs } from "../helpers/links";

/**
 * Through the real engine, against an emulator that misbehaves the way real APIs do: a link is
 * never doubled, lost, wrongly disabled or silently dropped from state.
 */
const emulator = useEmulator();

const args = (overrides: Record<string, unknown> = {}) =>
  linkArgs(overrides) as unknown as SmileLinkArgs;

async function refIdOf(engine: EngineStack, name: string): Promise<string> {
  return String((await engine.stack.outputs())[`${name}RefId`]!.value);
}

async function urnOf(engine: EngineStack, refId: string): Promise<string> {
  const { resources } = (await engine.stack.exportStack()).deployment;
  return resources.find((r: { id?: string }) => r.id === refId).urn;
}

async function idsInState(engine: EngineStack): Promise<string[]> {
  const { resources } = (await engine.stack.exportStack()).deployment;
  return (resources ?? [])
    .filter((r: { type: string }) => r.type.endsWith("SmileLink"))
    .map((r: { id: string }) => r.id);
}

const linksNamed = (name: string) =>
  emulator()
    .store.list()
    .filter((link) => link.name === name);

/** Runs `task` under `faults`, which are reset after it whatever happens. */
async function withFaults<T>(faults: FaultSettings, task: () => Promise<T>): Promise<T> {
  emulator().faults.set(faults);
  try {
    return await task();
  } finally {
    emulator().faults.reset();
  }
}

/** The API makes the link, then a gateway answers 502: the create's answer is lost. */
const LOST_ANSWER = { failNext: [{ status: 502, count: 1, work: "done" as const }] };

describe("pulumi up --replace whose create answer is lost", () => {
  const name = "Replaced, answer lost";
  let engine: EngineStack;
  let oldRefId: string;
  let newRefId: string;
  beforeAll(async () => {
    engine = await engineStack(emulator(), { replaced: args({ name }) });
    await engine.stack.up();
    oldRefId = await refIdOf(engine, "replaced");
    const urn = await urnOf(engine, oldRefId);
    await withFaults(LOST_ANSWER, () => engine.stack.up({ replace: [urn] }));
    newRefId = await refIdOf(engine, "replaced");
  });
  afterAll(() => engine?.remove());

  it("holds the new link in state, enabled", () => {
    expect(newRefId).not.toBe(oldRefId);
    expect(emulator().store.get(newRefId)?.disabled_at).toBeNull();
  });

  it("disables the link it replaced", () => {
    expect(emulator().store.get(oldRefId)?.disabled_at).toEqual(expect.any(String));
  });

  it("leaves no enabled link outside the state", async () => {
    const enabled = linksNamed(name).filter((link) => link.disabled_at === null);
    expect(enabled.map((link) => link.ref_id)).toEqual([newRefId]);
    expect(await idsInState(engine)).toEqual([newRefId]);
  });
});

describe("pulumi destroy, then pulumi up whose create answer is lost", () => {
  const name = "Destroyed, made again";
  let engine: EngineStack;
  let destroyedRefId: string;
  let newRefId: string;
  beforeAll(async () => {
    engine = await engineStack(emulator(), { again: args({ name }) });
    await engine.stack.up();
    destroyedRefId = await refIdOf(engine, "again");
    await engine.stack.destroy();
    await withFaults(LOST_ANSWER, () => engine.stack.up());
    newRefId = await refIdOf(engine, "again");
  });
  afterAll(() => engine?.remove());

  it("records a new, enabled link, not the destroyed one", () => {
    expect(newRefId).not.toBe(destroyedRefId);
    expect(emulator().store.get(newRefId)?.disabled_at).toBeNull();
  });

  it("leaves the destroyed link disabled", () => {
    expect(emulator().store.get(destroyedRefId)?.disabled_at).toEqual(expect.any(String));
  });
});

describe("a gateway that answers 504 at once while the API makes the link 2.5 s later", () => {
  const name = "Made behind a gateway";
  let engine: EngineStack;
  beforeAll(async () => {
    engine = await engineStack(emulator(), { gated: args({ name }) });
    const gateway: FaultSettings = {
      failNext: [{ status: 504, count: 1, work: "later", workDelayMs: 2_500 }],
    };
    await withFaults(gateway, () => engine.stack.up());
    await emulator().idle();
  });
  afterAll(() => engine?.remove());

  it("ends with exactly one link, the one in state", async () => {
    expect(linksNamed(name).map((link) => link.ref_id)).toEqual([await refIdOf(engine, "gated")]);
  });
});

describe("a create answered as { ref_id, link_url }, the names get and list use", () => {
  const name = "Answered with link_url";
  let engine: EngineStack;
  beforeAll(async () => {
    engine = await engineStack(emulator(), { renamed: args({ name }) });
    await withFaults({ createAnswer: "link_url" }, () => engine.stack.up());
  });
  afterAll(() => engine?.remove());

  it("records the link with its URL", async () => {
    const [link] = linksNamed(name);
    const outputs = await engine.stack.outputs();
    expect(outputs.renamedRefId!.value).toBe(link!.ref_id);
    expect(outputs.renamedUrl!.value).toMatch(new RegExp(`/links/${link!.ref_id}$`));
  });
});

describe("a create answered 2xx with a body that cannot be read ({})", () => {
  const name = "Answered with {}";
  let engine: EngineStack;
  beforeAll(async () => {
    engine = await engineStack(emulator(), { unread: args({ name }) });
    await withFaults({ createAnswer: "empty" }, () => engine.stack.up());
  });
  afterAll(() => engine?.remove());

  it("finds the link it made and records it", async () => {
    expect(linksNamed(name).map((link) => link.ref_id)).toEqual([await refIdOf(engine, "unread")]);
  });
});

describe("a refresh whose get answer leaves out a single-use link's user id", () => {
  let engine: EngineStack;
  beforeAll(async () => {
    engine = await engineStack(emulator(), {
      single: args({ name: "Single use, terse API", isSingleUse: true, userId: "user-7" }),
    });
    await engine.stack.up();
    await withFaults({ omitFields: ["user_id"] }, () => engine.stack.refresh());
  });
  afterAll(() => engine?.remove());

  it("previews no change on the next up", async () => {
    const preview = await engine.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
  });
});

describe("a stack pointed at another API URL and partner than its links live at", () => {
  const OTHER_PARTNER = "partner-elsewhere";
  let engine: EngineStack;
  let elsewhere: RunningEmulator;
  let refId: string;
  beforeAll(async () => {
    elsewhere = await startEmulator({ partnerId: OTHER_PARTNER, apiKey: API_KEY });
    engine = await engineStack(emulator(), { placed: args({ name: "Lives at the first API" }) });
    await engine.stack.up();
    refId = await refIdOf(engine, "placed");
    Object.assign(engine.stack.workspace.envVars, {
      SMILE_ID_API_URL: elsewhere.url,
      SMILE_ID_PARTNER_ID: OTHER_PARTNER,
    });
    emulator().clearRequests();
  });
  afterAll(async () => {
    await engine?.remove();
    await elsewhere?.close();
  });

  /** The error names the link, both places and the way out. */
  const expectClearFailure = (message: string) => {
    expect(message).toContain(refId);
    expect(message).toContain(emulator().url);
    expect(message).toContain(PARTNER_ID);
    expect(message).toContain(elsewhere.url);
    expect(message).toContain(OTHER_PARTNER);
    expect(message).toMatch(/one stack per environment/);
    expect(message).toMatch(/pulumi state delete/);
  };
  const failureOf = (operation: Promise<unknown>) =>
    operation.then(
      () => "succeeded",
      (error: Error) => error.message,
    );

  it("fails the preview with a clear error, calling neither API", async () => {
    expectClearFailure(await failureOf(engine.stack.preview()));
    expect(emulator().requests).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
  });

  it("fails the refresh and keeps the link in state", async () => {
    expectClearFailure(await failureOf(engine.stack.refresh()));
    expect(await idsInState(engine)).toEqual([refId]);
    expect(elsewhere.requests).toEqual([]);
  });

  it("fails the destroy, keeps the link in state and leaves it enabled", async () => {
    expectClearFailure(await failureOf(engine.stack.destroy()));
    expect(await idsInState(engine)).toEqual([refId]);
    expect(emulator().store.get(refId)?.disabled_at).toBeNull();
    expect(elsewhere.requests).toEqual([]);
  });
});
