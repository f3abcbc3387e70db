import { beforeEach, describe, expect, it } from "vitest";
import { CREATE_MARKER_KEY } from "../provider/model/create-marker";
import { requestLines, useEmulator } from "./helpers/emulator";
import { linkInputs } from "./helpers/links";
import { configureFor, smileLinkProvider as provider } from "./helpers/provider";

/** Creates whose answer is lost: none may make a second link or leave one orphaned. */
const emulator = useEmulator();

beforeEach(() => configureFor(emulator()));

describe("a create whose answer is lost", () => {
  it("finds and takes the link it made when the connection drops after the work", async () => {
    const before = emulator().store.size;
    emulator().faults.set({ dropAfterWorkNext: 1 });
    const { id } = await provider.create(linkInputs());
    expect(emulator().store.size).toBe(before + 1);
    expect(emulator().store.get(id)).toBeDefined();
    expect(requestLines(emulator())).toEqual(["POST /smile_links", "POST /smile_links/:list"]);
  });

  it("creates again when a 5xx came before any link was made", async () => {
    const before = emulator().store.size;
    emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
    const { id } = await provider.create(linkInputs());
    expect(emulator().store.size).toBe(before + 1);
    expect(emulator().store.get(id)).toBeDefined();
    expect(requestLines(emulator())).toEqual([
      "POST /smile_links",
      "POST /smile_links/:list",
      "POST /smile_links",
    ]);
  });

  it("gives up with the API's error after three lost creates, having made no link", async () => {
    const before = emulator().store.size;
    emulator().faults.set({ failNext: [{ status: 503, count: 50 }] });
    await expect(provider.create(linkInputs())).rejects.toThrow(/HTTP 503/);
    expect(emulator().store.size).toBe(before);
  });

  it("does not list links after a create the API refused", async () => {
    emulator().faults.set({ failNext: [{ status: 400, count: 1 }] });
    await expect(provider.create(linkInputs())).rejects.toThrow(/HTTP 400/);
    expect(requestLines(emulator())).toEqual(["POST /smile_links"]);
  });
});

describe("the create marker", () => {
  it("is stored in the link's partner params", async () => {
    const { id } = await provider.create(linkInputs({ partnerParams: { tier: "gold" } }));
    expect(emulator().store.get(id)?.partner_params).toEqual({
      tier: "gold",
      [CREATE_MARKER_KEY]: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("never shows in outputs or refreshed inputs", async () => {
    const { id, outs } = await provider.create(linkInputs({ partnerParams: { tier: "gold" } }));
    expect(outs!.partnerParams).toEqual({ tier: "gold" });
    const read = await provider.read!(id, outs);
    expect(read.props!.partnerParams).toEqual({ tier: "gold" });
    expect(read.inputs!.partnerParams).toEqual({ tier: "gold" });
  });

  it("causes no diff on a link created without partner params", async () => {
    const { id, outs } = await provider.create(linkInputs());
    const read = await provider.read!(id, outs);
    expect(read.inputs).not.toHaveProperty("partnerParams");
    expect((await provider.diff!(id, read.props!, linkInputs())).changes).toBe(false);
  });
});
