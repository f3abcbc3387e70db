import { readFileSync } from "node:fs";
import path from "node:path";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageSchema } from "../../provider/codegen/package-schema";
import { resourceKeyOf } from "../../provider/native/link-operations";
import { API_KEY, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { isHostCallError } from "../helpers/host-rpc";
import { linkArgs } from "../helpers/links";
import * as plugin from "../helpers/native-plugin";

/**
 * The `pulumi-resource-smileid` plugin over gRPC, as the engine calls it: its schema, its
 * configuration (CheckConfig, Configure with an explicit provider's arguments), and what only
 * the native shape adds around the implementation. The lifecycle through the real engine is in
 * native-typescript.test.ts and native-python.test.ts.
 */
const root = path.resolve(__dirname, "../..");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const emulator = useEmulator();

let running: plugin.NativePlugin;
beforeAll(async () => {
  // No Smile ID variable: the settings must come from Configure.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("SMILE_ID_")),
  );
  running = await plugin.startNativePlugin(env);
  await plugin.configure(running, {
    apiUrl: emulator().url,
    partnerId: PARTNER_ID,
    apiKey: plugin.secretValue(API_KEY),
    version,
  });
});
afterAll(() => running?.close());

describe("the package schema", () => {
  it("is what the plugin serves, at the package's version", async () => {
    expect(await plugin.getSchema(running)).toEqual(packageSchema(version));
    expect(await plugin.getVersion(running)).toBe(version);
  });

  it("marks the API key secret and names every input's change rule", () => {
    const schema = packageSchema(version) as {
      provider: { inputProperties: Record<string, { secret?: boolean }> };
      resources: Record<string, { inputProperties: Record<string, { description: string }> }>;
    };
    expect(schema.provider.inputProperties.apiKey?.secret).toBe(true);
    const inputs = schema.resources["smileid:index:SmileLink"]!.inputProperties;
    expect(inputs.idTypes?.description).toMatch(/Changes in place\.$/);
    expect(inputs.name?.description).toMatch(/Changing it replaces the link\.$/);
  });
});

describe("provider configuration", () => {
  it("marks the API key secret, so state holds it encrypted even when set as plain config", async () => {
    const { inputs, failures } = await plugin.checkConfig(running, { apiKey: "plain", version });
    expect(failures).toEqual([]);
    expect(inputs.apiKey).toEqual(plugin.secretValue("plain"));
  });

  it("refuses an unknown setting and suggests the one meant", async () => {
    const { failures } = await plugin.checkConfig(running, { apiKye: "x" });
    expect(failures).toEqual([
      {
        property: "apiKye",
        reason:
          "smileid:apiKye is not a setting of the smileid provider; did you mean smileid:apiKey?",
      },
    ]);
  });

  it("refuses an environment other than sandbox or production, naming the setting", async () => {
    const { failures } = await plugin.checkConfig(running, { environment: "staging" });
    expect(failures).toEqual([
      {
        property: "environment",
        reason: 'smileid:environment must be sandbox or production; got "staging".',
      },
    ]);
  });

  it.each([
    [{ timeoutSeconds: 0 }, "timeoutSeconds", "smileid:timeoutSeconds must be a number of seconds"],
    [{ apiUrl: "https://testapi.smileidentity.com/v1?x=1" }, "apiUrl", "smileid:apiUrl must be"],
    [
      { idTypeCatalog: "loose" },
      "idTypeCatalog",
      "smileid:idTypeCatalog must be strict, warn or off",
    ],
  ])("refuses %j, naming the setting", async (news, property, reason) => {
    const { failures } = await plugin.checkConfig(running, news);
    expect(failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
  });

  it("creates links with the settings Configure gave, as an explicit provider gives them", async () => {
    const urn = plugin.linkUrn("explicit");
    const { inputs } = await plugin.check(running, urn, linkArgs());
    const { id } = await plugin.create(running, urn, inputs);
    expect(emulator().store.get(id)?.name).toBe("Customer onboarding");
  });
});

describe("the SmileLink resource", () => {
  it("refuses bad input at check, naming the property, without calling the API", async () => {
    const { failures } = await plugin.check(
      running,
      plugin.linkUrn("bad"),
      linkArgs({ callbackUrl: "acme.example/callback" }),
    );
    expect(failures).toEqual([
      {
        property: "callbackUrl",
        reason: 'must be an absolute http(s) URL; got "acme.example/callback"',
      },
    ]);
    expect(emulator().requests).toEqual([]);
  });

  it("returns a single-use link's url as a secret output", async () => {
    const urn = plugin.linkUrn("vip");
    const { inputs } = await plugin.check(
      running,
      urn,
      linkArgs({ isSingleUse: true, userId: "c-1" }),
    );
    const { id, properties } = await plugin.create(running, urn, inputs);
    expect(properties.url).toEqual(plugin.secretValue(expect.stringContaining(`/links/${id}`)));
  });

  it("keeps a secret input secret in the outputs", async () => {
    const urn = plugin.linkUrn("secret-params");
    const partnerParams = plugin.secretValue({ team: "kyc" });
    const { inputs } = await plugin.check(running, urn, linkArgs({ partnerParams }));
    expect(inputs.partnerParams).toEqual(partnerParams);
    const { properties } = await plugin.create(running, urn, inputs);
    expect(properties.partnerParams).toEqual(partnerParams);
  });

  it("names each changed input and whether it updates or replaces, in the detailed diff", async () => {
    const urn = plugin.linkUrn("diffed");
    const { inputs } = await plugin.check(running, urn, linkArgs());
    const { id, properties } = await plugin.create(running, urn, inputs);
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    const changed = await plugin.check(
      running,
      urn,
      linkArgs({ name: "Renamed", idTypes }),
      inputs,
    );
    const result = await plugin.diff(running, urn, id, properties, changed.inputs);
    expect(result).toEqual({
      changes: provproto.DiffResponse.DiffChanges.DIFF_SOME,
      replaces: ["name"],
      diffs: ["name", "idTypes"],
      detailed: {
        name: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
        idTypes: provproto.PropertyDiff.Kind.UPDATE,
      },
    });
  });

  it("tells an input set for the first time from a changed one, in the detailed diff", async () => {
    const urn = plugin.linkUrn("logo");
    const { inputs } = await plugin.check(running, urn, linkArgs());
    const { id, properties } = await plugin.create(running, urn, inputs);
    const logoUrl = "https://acme.example/logo.svg";
    const changed = await plugin.check(running, urn, linkArgs({ logoUrl }), inputs);
    const result = await plugin.diff(running, urn, id, properties, changed.inputs);
    expect(result.detailed).toEqual({ logoUrl: provproto.PropertyDiff.Kind.ADD_REPLACE });
  });

  it("reads a link by its id alone, with the inputs that declare it (import)", async () => {
    const urn = plugin.linkUrn("made-elsewhere");
    const { inputs } = await plugin.check(
      running,
      urn,
      linkArgs({ partnerParams: { team: "kyc" } }),
    );
    const { id } = await plugin.create(running, urn, inputs);
    const imported = await plugin.read(running, plugin.linkUrn("imported"), id);
    expect(imported.id).toBe(id);
    expect(imported.inputs).toEqual({ ...inputs, partnerParams: { team: "kyc" } });
    expect(imported.properties).toMatchObject({ refId: id, partnerId: PARTNER_ID });
  });

  it("reports the id of a link that a failed create did make, so state keeps it", async () => {
    emulator().faults.set({ failNext: [{ status: 400, count: 1, after: 1 }] });
    const urn = plugin.linkUrn("half-made");
    const { inputs } = await plugin.check(running, urn, linkArgs({ isDisabled: true }));
    const error = await plugin.create(running, urn, inputs).catch((e: unknown) => e);
    expect(isHostCallError(error)).toBe(true);
    if (!isHostCallError(error)) return;
    expect(error.initFailed).toMatchObject({
      id: expect.any(String),
      reasons: [expect.stringMatching(/HTTP 400/)],
    });
    expect(emulator().store.get(error.initFailed!.id)).toBeDefined();
    expect(error.initFailed!.properties).not.toHaveProperty("resourceKey");
  });

  it("never sends the API key to its stderr", () => {
    expect(running.stderr()).not.toContain(API_KEY);
  });
});

describe("the resource key of a create marker", () => {
  it("is project/stack/name, read from the URN, as SmileLink gives it", () => {
    expect(resourceKeyOf("urn:pulumi:dev::acme::smileid:index:SmileLink::onboarding")).toBe(
      "acme/dev/onboarding",
    );
  });

  it("keeps a name that holds the URN separator", () => {
    expect(resourceKeyOf("urn:pulumi:dev::acme::smileid:index:SmileLink::a::b")).toBe(
      "acme/dev/a::b",
    );
  });

  it("is absent for a string that is not a URN", () => {
    expect(resourceKeyOf("onboarding")).toBeUndefined();
  });
});
