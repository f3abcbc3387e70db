import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmileLinkArgs } from "../../provider";
import { API_KEY, clientFor, useEmulator } from "../helpers/emulator";
import { engineStack, type EngineStack } from "../helpers/engine";
import { linkArgs, linkInputs } from "../helpers/links";

/**
 * The real Pulumi engine (the CLI built from the Go module proxy) drives the provider through
 * the dynamic-provider host, with the provider serialized into state, against the emulator.
 */
const emulator = useEmulator();

const args = (overrides: Record<string, unknown> = {}) =>
  linkArgs(overrides) as unknown as SmileLinkArgs;

function linkFor(engine: EngineStack, name: string) {
  return emulator()
    .store.list()
    .filter((link) => link.name === name);
}

async function refIdOf(engine: EngineStack, name: string): Promise<string> {
  const outputs = await engine.stack.outputs();
  return String(outputs[`${name}RefId`]!.value);
}

describe("the lifecycle of a stack", () => {
  let engine: EngineStack;
  beforeAll(async () => {
    engine = await engineStack(emulator(), {
      onboarding: args({ name: "Engine onboarding" }),
      partner: args({ name: "Engine partner" }),
    });
  });
  afterAll(() => engine?.remove());

  it("previews the creates of a new stack without calling the API", async () => {
    const preview = await engine.stack.preview({ onEvent: engine.onEvent });
    expect(preview.changeSummary).toMatchObject({ create: 3 });
    expect(emulator().requests).toEqual([]);
  });

  it("creates the links on up", async () => {
    const result = await engine.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 3 });
    expect(linkFor(engine, "Engine onboarding")).toHaveLength(1);
    expect(linkFor(engine, "Engine partner")).toHaveLength(1);
  });

  it("previews no change for an unchanged program", async () => {
    const preview = await engine.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 3 });
  });

  it("updates a link in place when its idTypes change", async () => {
    const refId = await refIdOf(engine, "onboarding");
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    engine.links.onboarding = args({ name: "Engine onboarding", idTypes });
    await engine.stack.preview({ onEvent: engine.onEvent });
    expect(engine.steps().get("onboarding")).toEqual([expect.objectContaining({ op: "update" })]);
    await engine.stack.up();
    expect(await refIdOf(engine, "onboarding")).toBe(refId);
    expect(emulator().store.get(refId)?.id_types).toEqual([
      { country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" },
    ]);
  });

  it("previews a replacement naming the input that forces it", async () => {
    engine.links.partner = args({ name: "Engine partner v2" });
    await engine.stack.preview({ onEvent: engine.onEvent });
    const steps = engine
      .steps()
      .get("partner")!
      .map(({ op, keys }) => ({ op, keys }));
    expect(steps).toContainEqual({ op: "replace", keys: ["name"] });
    expect(steps.map((step) => step.op)).toEqual([
      "create-replacement",
      "replace",
      "delete-replaced",
    ]);
  });

  it("replaces by creating the new link before disabling the old one", async () => {
    const oldRefId = await refIdOf(engine, "partner");
    const oldUrl = (await engine.stack.outputs()).partnerUrl!.value;
    emulator().clearRequests();
    await engine.stack.up();
    const newRefId = await refIdOf(engine, "partner");
    expect(newRefId).not.toBe(oldRefId);
    expect((await engine.stack.outputs()).partnerUrl!.value).not.toBe(oldUrl);
    const calls = emulator().requests.map((r) => `${r.method} ${r.path}`);
    expect(calls.indexOf("POST /v1/smile_links")).toBeLessThan(
      calls.indexOf(`PUT /v1/smile_links/${oldRefId}`),
    );
    expect(emulator().store.get(oldRefId)?.disabled_at).toEqual(expect.any(String));
    expect(emulator().store.get(newRefId)?.disabled_at).toBeNull();
  });

  it("finds a link disabled behind Pulumi's back on refresh", async () => {
    const refId = await refIdOf(engine, "onboarding");
    await clientFor(emulator()).update(refId, { isDisabled: true });
    const refresh = await engine.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const state = JSON.parse(await engine.exportText());
    const link = state.deployment.resources.find((r: { id?: string }) => r.id === refId);
    expect(link.outputs.isDisabled).toBe(true);
  });

  it("re-enables the drifted link on the next up", async () => {
    const refId = await refIdOf(engine, "onboarding");
    await engine.stack.up();
    expect(emulator().store.get(refId)?.disabled_at).toBeNull();
  });

  it("keeps the stored inputs on a refresh that finds no drift, so the next up writes no state", async () => {
    const inputsOf = async () =>
      (JSON.parse(await engine.exportText()).deployment.resources as { inputs?: object }[]).map(
        (resource) => resource.inputs,
      );
    const before = await inputsOf();
    await engine.stack.refresh();
    // Inputs equal to the program's: the engine's no-change steps then skip the checkpoint.
    expect(await inputsOf()).toEqual(before);
    expect(before.some((inputs) => inputs && "__resourceKey" in inputs)).toBe(true);
  });

  it("disables every link on destroy", async () => {
    const refIds = [await refIdOf(engine, "onboarding"), await refIdOf(engine, "partner")];
    await engine.stack.destroy();
    for (const refId of refIds) {
      expect(emulator().store.get(refId)?.disabled_at).toEqual(expect.any(String));
    }
  });
});

describe("replacements the engine decides", () => {
  let engine: EngineStack;
  beforeAll(async () => {
    engine = await engineStack(emulator(), { strict: args({ name: "Strict link" }) });
    await engine.stack.up();
  });
  afterAll(() => engine?.remove());

  it("makes a new link on up --replace, never taking back the one it replaces", async () => {
    const oldRefId = await refIdOf(engine, "strict");
    const urn = (await engine.stack.exportStack()).deployment.resources.find(
      (r: { id?: string }) => r.id === oldRefId,
    ).urn;
    const result = await engine.stack.up({ replace: [urn] });
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1 });
    const newRefId = await refIdOf(engine, "strict");
    expect(newRefId).not.toBe(oldRefId);
    expect(emulator().store.get(oldRefId)?.disabled_at).toEqual(expect.any(String));
    expect(emulator().store.get(newRefId)?.disabled_at).toBeNull();
  });

  // The dynamic-provider host sends the engine no changed keys, only changes and replaces,
  // so replaceOnChanges has nothing to match: the README says so ("What updates, what replaces").
  it("updates idTypes in place even with replaceOnChanges, which needs changed keys", async () => {
    engine.options.strict = { replaceOnChanges: ["idTypes"] };
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    engine.links.strict = args({ name: "Strict link", idTypes });
    const result = await engine.stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  });
});

describe("adopting an existing link", () => {
  let engine: EngineStack;
  let refId: string;
  beforeAll(async () => {
    ({ refId } = await clientFor(emulator()).create(linkInputs({ name: "Made in the portal" })));
    engine = await engineStack(emulator(), {
      legacy: args({ name: "Made in the portal", adoptRefId: refId }),
    });
  });
  afterAll(() => engine?.remove());

  it("adopts the link with adoptRefId instead of making one", async () => {
    const before = emulator().store.size;
    await engine.stack.up();
    expect(await refIdOf(engine, "legacy")).toBe(refId);
    expect(emulator().store.size).toBe(before);
  });

  it("previews no change after the adoption", async () => {
    const preview = await engine.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
  });
});

// pulumi/pulumi#16175: the import step calls Read without the serialized provider, so the
// host tries to load the provider from `undefined`. `adoptRefId` is the way to adopt a link.
const IMPORT_FAILURE = /code must be a string, not undefined/;

describe("the import resource option", () => {
  let engine: EngineStack;
  let refId: string;
  beforeAll(async () => {
    ({ refId } = await clientFor(emulator()).create(linkInputs({ name: "Imported" })));
    engine = await engineStack(emulator(), { imported: args({ name: "Imported" }) });
    engine.options.imported = { import: refId };
  });
  afterAll(() => engine?.remove());

  it("fails for a dynamic resource, as reported upstream, and changes no link", async () => {
    const before = emulator().store.list();
    const failure = await engine.stack.up().then(
      () => "succeeded",
      (error: Error) => error.message,
    );
    expect(failure).toMatch(IMPORT_FAILURE);
    expect(emulator().store.list()).toEqual(before);
  });
});

describe("the ID-type catalog in warn mode", () => {
  let engine: EngineStack;
  beforeAll(async () => {
    const idTypes = [{ country: "NG", idType: "NIN_V3", verificationMethod: "enhanced_kyc" }];
    engine = await engineStack(emulator(), { newer: args({ name: "Newer ID", idTypes }) });
    await engine.stack.setConfig("smileid:idTypeCatalog", { value: "warn" });
  });
  afterAll(() => engine?.remove());

  it("previews the link and shows the catalog's warning among the diagnostics", async () => {
    let output = "";
    const preview = await engine.stack.preview({ onOutput: (text) => (output += text) });
    expect(preview.changeSummary).toMatchObject({ create: 2 });
    expect(output).toMatch(/warning: idTypes\[0\]\.idType: is not an ID type for NG/);
  });
});

describe("secrets in state", () => {
  let engine: EngineStack;
  beforeAll(async () => {
    engine = await engineStack(
      emulator(),
      { single: args({ name: "Single use", isSingleUse: true, userId: "user-77" }) },
      { credentials: "config" },
    );
    await engine.stack.setConfig("smileid:apiKey", { value: API_KEY, secret: true });
  });
  afterAll(() => engine?.remove());

  it("signs with smileid:apiKey set as secret config when no environment variable is set", async () => {
    const result = await engine.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
  });

  it("keeps the API key out of the exported stack", async () => {
    expect(await engine.exportText()).not.toContain(API_KEY);
  });

  it("stores a single-use link's URL only as ciphertext", async () => {
    const single = emulator()
      .store.list()
      .find((link) => link.name === "Single use")!;
    const text = await engine.exportText();
    expect(text).not.toContain(`/links/${single.ref_id}`);
    const state = JSON.parse(text);
    const link = state.deployment.resources.find((r: { type: string }) =>
      r.type.endsWith("SmileLink"),
    );
    expect(link.outputs.url).toMatchObject({ ciphertext: expect.any(String) });
  });
});
