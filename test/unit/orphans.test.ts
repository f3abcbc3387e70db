import { beforeAll, describe, expect, it } from "vitest";
import { newCreateMarker, resourcePartFor } from "../../provider/link/create/marker";
import { resourcePartOf } from "../../provider/link/create-marker";
import { withResourceKey } from "../../provider/link/engine-values";
import type { SmileLinkInputs } from "../../provider/link/types";
import { API_KEY, clientFor, PARTNER_ID, requestLines, useEmulator } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";
import { configureFor, configureStack, smileLinkProvider as provider } from "../helpers/provider";

/**
 * Links that a killed `pulumi up` made but never recorded in state, taken over when
 * `smileid:adoptOrphans` asks for it. The index of such links is taken once per provider
 * process, at its first create that looks, so every orphan of this file is made first.
 */
const emulator = useEmulator();

const keyed = (name: string, overrides: Partial<SmileLinkInputs> = {}) =>
  linkInputs({ name, resourceKey: `project/stack/${name}`, ...overrides });

const orphans: Record<string, string> = {};

beforeAll(async () => {
  const client = clientFor(emulator());
  for (const name of ["orphaned", "known", "retired", "drifted", "twin", "unasked"]) {
    const inputs = keyed(name);
    orphans[name] = (await client.create(inputs, newCreateMarker(resourcePartFor(inputs)))).refId;
  }
  // Versions before the per-create nonce marked a link with the resource part alone.
  const legacy = keyed("legacy");
  orphans.legacy = (await client.create(legacy, resourcePartFor(legacy))).refId;
  await client.update(orphans.retired!, { isDisabled: true });
  const idTypes = [
    { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" as const },
  ];
  await client.update(orphans.drifted!, { idTypes });
  await configureFor(emulator());
});

describe("the create marker", () => {
  it("has the same resource part each time the same resource is created", () => {
    expect(resourcePartFor(keyed("a"))).toBe(resourcePartFor(keyed("a")));
  });

  it("has another resource part when an input that forces a replacement differs", () => {
    expect(resourcePartFor(keyed("a", { callbackUrl: "https://other.example/cb" }))).not.toBe(
      resourcePartFor(keyed("a")),
    );
  });

  it("has another resource part for another resource or another stack", () => {
    expect(resourcePartFor(keyed("a"))).not.toBe(resourcePartFor(keyed("b")));
    expect(resourcePartFor(keyed("a", { resourceKey: "project/other/a" }))).not.toBe(
      resourcePartFor(keyed("a")),
    );
  });

  it("ignores inputs that change in place", () => {
    const idTypes = [
      { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" as const },
    ];
    expect(resourcePartFor(keyed("a", { idTypes }))).toBe(resourcePartFor(keyed("a")));
  });

  it("has a random resource part without a resource key", () => {
    expect(resourcePartFor(linkInputs())).not.toBe(resourcePartFor(linkInputs()));
  });

  it("tells two creates of the same resource apart by a nonce after the resource part", () => {
    const part = resourcePartFor(keyed("a"));
    const [first, second] = [newCreateMarker(part), newCreateMarker(part)];
    expect(first).toMatch(new RegExp(`^${part}\\.[0-9a-f]{16}$`));
    expect(second.startsWith(`${part}.`)).toBe(true);
    expect(second).not.toBe(first);
  });

  it("is read back to its resource part, with or without a nonce", () => {
    expect(resourcePartOf("0123abcd.89ef")).toBe("0123abcd");
    expect(resourcePartOf("0123abcd")).toBe("0123abcd");
  });
});

describe("a create after an interrupted run, unless asked", () => {
  it("makes a new link without listing the account", async () => {
    emulator().clearRequests();
    const { id } = await provider.create(keyed("unasked"));
    expect(id).not.toBe(orphans.unasked);
    expect(requestLines(emulator())).toEqual(["POST /smile_links"]);
  });
});

describe("a create after an interrupted run, with smileid:adoptOrphans true", () => {
  beforeAll(() =>
    configureStack({
      "smileid:apiUrl": emulator().url,
      "smileid:partnerId": PARTNER_ID,
      "smileid:apiKey": API_KEY,
      "smileid:adoptOrphans": "true",
    }),
  );

  it("takes over the link the interrupted run made for the same resource", async () => {
    emulator().clearRequests();
    const before = emulator().store.size;
    const { id } = await provider.create(keyed("orphaned"));
    expect(id).toBe(orphans.orphaned);
    expect(emulator().store.size).toBe(before);
    expect(requestLines(emulator())).toEqual(["POST /smile_links/:list"]);
  });

  it("lists the account's links only once per deployment", async () => {
    emulator().clearRequests();
    await provider.create(keyed("fresh"));
    expect(requestLines(emulator())).toEqual(["POST /smile_links"]);
  });

  it("brings the orphan's ID types in line with the program", async () => {
    const { id } = await provider.create(keyed("drifted"));
    expect(id).toBe(orphans.drifted);
    expect(emulator().store.get(id)?.id_types).toEqual([
      { country: "NG", id_type: "BVN", verification_method: "enhanced_kyc" },
      { country: "KE", id_type: "NATIONAL_ID", verification_method: "biometric_kyc" },
    ]);
  });

  it("never takes a link the deployment already holds, as in a forced replacement", async () => {
    await provider.read!(orphans.known!, keyed("known") as never);
    const { id } = await provider.create(keyed("known"));
    expect(id).not.toBe(orphans.known);
  });

  it("gives an orphan to one resource only", async () => {
    const first = await provider.create(keyed("twin"));
    const second = await provider.create(keyed("twin"));
    expect(first.id).toBe(orphans.twin);
    expect(second.id).not.toBe(orphans.twin);
  });

  it("takes over a link an earlier version marked without a nonce", async () => {
    const { id } = await provider.create(keyed("legacy"));
    expect(id).toBe(orphans.legacy);
  });

  it("never takes a disabled link", async () => {
    const { id } = await provider.create(keyed("retired"));
    expect(id).not.toBe(orphans.retired);
  });
});

describe("the resource key under either name", () => {
  it("gives the same create marker whether the stack stores resourceKey or __resourceKey", () => {
    const legacy = linkInputs({ name: "a", resourceKey: "project/stack/a" });
    const internal = withResourceKey({
      ...linkInputs({ name: "a" }),
      __resourceKey: "project/stack/a",
    } as SmileLinkInputs);
    expect(resourcePartFor(internal)).toBe(resourcePartFor(legacy));
    expect(internal).not.toHaveProperty("__resourceKey");
  });
});
