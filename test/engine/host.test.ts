import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { linkArgs } from "../helpers/links";
import {
  isHostCallError,
  providerKey,
  resourceUrn,
  startProviderHost,
  unknownValue,
  type ProviderHost,
} from "../helpers/provider-host";
import { serializedProvider } from "../helpers/serialized-provider";

/**
 * The provider as the engine runs it: serialized exactly as `pulumi.dynamic.Resource` does,
 * loaded by the real dynamic-provider host, driven over gRPC, against the emulator.
 */
const emulator = useEmulator();
let host: ProviderHost;
let provider: string;
const urn = resourceUrn("onboarding");

beforeAll(async () => {
  provider = await serializedProvider();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("SMILE_ID_")),
  );
  host = await startProviderHost({ env });
  await host.configure({
    "smileid:apiUrl": emulator().url,
    "smileid:partnerId": PARTNER_ID,
    "smileid:apiKey": API_KEY,
  });
});

afterAll(() => host?.close());

const withProvider = (props: object) => ({ ...props, [providerKey]: provider });

async function checked(overrides: Record<string, unknown> = {}) {
  const { inputs } = await host.check(urn, {}, withProvider(linkArgs(overrides)));
  return inputs;
}

describe("through the dynamic-provider host", () => {
  it("creates a link with the credentials from the stack's smileid config", async () => {
    const { id, properties } = await host.create(urn, await checked());
    expect(emulator().store.get(id)).toBeDefined();
    expect(properties).toMatchObject({ refId: id, partnerId: PARTNER_ID, [providerKey]: provider });
  });

  it("returns check failures intact, a list's with its path leading the reason, without calling the API", async () => {
    const news = withProvider(linkArgs({ callbakUrl: "https://x.example", idTypes: [] }));
    const { failures } = await host.check(urn, {}, news);
    expect(failures).toEqual([
      { property: "", reason: "idTypes: must list at least one ID type; got an empty list" },
      { property: "callbakUrl", reason: 'is not a known property; did you mean "callbackUrl"?' },
    ]);
    expect(emulator().requests).toEqual([]);
  });

  it("tolerates values not known yet in preview", async () => {
    const { failures, inputs } = await host.check(
      urn,
      {},
      withProvider(linkArgs({ name: unknownValue })),
    );
    expect(failures).toEqual([]);
    expect(inputs.name).toBe(unknownValue);
  });

  it("returns the replacing inputs of a diff", async () => {
    const inputs = await checked();
    const { properties } = await host.create(urn, inputs);
    const renamed = await checked({ name: "Renamed", redirectUrl: "https://acme.example/done" });
    expect(await host.diff(urn, String(properties.refId), properties, renamed)).toEqual({
      changes: "some",
      replaces: ["name", "redirectUrl"],
      deleteBeforeReplace: false,
    });
  });

  it("reports no change when only the order of idTypes differs", async () => {
    const inputs = await checked();
    const { id, properties } = await host.create(urn, inputs);
    const reordered = await checked({ idTypes: [...(linkArgs().idTypes as object[])].reverse() });
    expect((await host.diff(urn, id, properties, reordered)).changes).toBe("none");
  });

  it("updates, reads and deletes a link", async () => {
    const { id, properties } = await host.create(urn, await checked());
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    const updated = await host.update(urn, id, properties, await checked({ idTypes }));
    expect(updated.properties.idTypes).toEqual(idTypes);
    const read = await host.read(urn, id, updated.properties);
    expect(read).toMatchObject({ id, properties: { idTypes } });
    // No drift: the engine keeps the stored inputs.
    expect(read.inputs).toBeUndefined();
    await host.delete(urn, id, read.properties);
    expect(emulator().store.get(id)?.disabled_at).toEqual(expect.any(String));
  });

  it("reports an unknown link as gone on read", async () => {
    const { properties } = await host.create(urn, await checked());
    expect((await host.read(urn, "no-such-link", properties)).id).toBe("");
  });

  it("returns API errors intact", async () => {
    const error = await host
      .create(urn, await checked({ adoptRefId: "missing-ref" }))
      .catch((e) => e);
    expect(isHostCallError(error)).toBe(true);
    expect(error.message).toContain('adoptRefId: no link with ref_id "missing-ref" exists');
  });

  it("reports the id of a link that a failed create did make", async () => {
    emulator().faults.set({ failNext: [{ status: 400, count: 1, after: 1 }] });
    const error = await host.create(urn, await checked({ isDisabled: true })).catch((e) => e);
    expect(isHostCallError(error)).toBe(true);
    expect(error.initFailed).toMatchObject({
      id: expect.any(String),
      properties: { [providerKey]: provider },
      reasons: [expect.stringMatching(/HTTP 400/)],
    });
    expect(emulator().store.get(error.initFailed.id)).toBeDefined();
  });

  it("runs links whose state holds the first published shim: read, update, delete", async () => {
    const firstShim = readFileSync(
      path.join(__dirname, "../fixtures/provider-shim-0.1.0.txt"),
      "utf8",
    );
    const { id, properties } = await host.create(urn, await checked());
    const stored = { ...properties, [providerKey]: firstShim };
    const read = await host.read(urn, id, stored);
    expect(read.properties).toMatchObject({ refId: id, [providerKey]: firstShim });
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    const news = { ...(await checked({ idTypes })), [providerKey]: firstShim };
    await host.update(urn, id, read.properties, news);
    await host.delete(urn, id, read.properties);
    expect(emulator().store.get(id)).toMatchObject({
      id_types: [{ country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" }],
      disabled_at: expect.any(String),
    });
  });

  it("never prints the API key", () => {
    expect(host.stderr() + host.stdout()).not.toContain(API_KEY);
  });
});

/**
 * In a project that installed the package, Pulumi stores the provider as one `require` of
 * `pulumi-smile-links/provider` (test/user-project.test.ts checks that it stores exactly this
 * text). The host runs in the project's directory, where the package resolves.
 */
describe("a provider stored by reference, in a project that installed the package", () => {
  const reference = readFileSync(
    path.join(__dirname, "../fixtures/provider-reference.txt"),
    "utf8",
  );
  let projectDir: string;
  let projectHost: ProviderHost;

  beforeAll(async () => {
    projectDir = await mkdtemp(path.join(tmpdir(), "smile-links-reference-"));
    await mkdir(path.join(projectDir, "node_modules"));
    await symlink(
      path.resolve(__dirname, "../.."),
      path.join(projectDir, "node_modules", "pulumi-smile-links"),
    );
    projectHost = await startProviderHost({ cwd: projectDir });
    await projectHost.configure({
      "smileid:apiUrl": emulator().url,
      "smileid:partnerId": PARTNER_ID,
      "smileid:apiKey": API_KEY,
    });
  });

  afterAll(async () => {
    await projectHost?.close();
    await rm(projectDir, { recursive: true, force: true });
  });

  it("checks, creates, reads, updates and deletes a link", async () => {
    const withReference = (props: object) => ({ ...props, [providerKey]: reference });
    const { inputs } = await projectHost.check(urn, {}, withReference(linkArgs()));
    const { id, properties } = await projectHost.create(urn, inputs);
    expect(properties).toMatchObject({ refId: id, [providerKey]: reference });
    const read = await projectHost.read(urn, id, properties);
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    const news = (await projectHost.check(urn, inputs, withReference(linkArgs({ idTypes }))))
      .inputs;
    await projectHost.update(urn, id, read.properties, news);
    await projectHost.delete(urn, id, read.properties);
    expect(emulator().store.get(id)).toMatchObject({
      id_types: [{ country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" }],
      disabled_at: expect.any(String),
    });
  });
});
