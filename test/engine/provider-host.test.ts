import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HostCallError,
  providerKey,
  resourceUrn,
  startProviderHost,
  unknownValue,
  type ProviderHost,
} from "../helpers/provider-host";

type Inputs = Record<string, unknown>;

interface ProviderError extends Error {
  id?: string;
  properties?: Inputs;
  reasons?: string[];
}

/**
 * A trivial provider: behaviours are picked by input values. It is serialized and loaded by the
 * host from a string, so it may use only what it captures here and packages.
 */
const provider = {
  token: null as string | null,

  configure(req: pulumi.dynamic.ConfigureRequest) {
    this.token = req.config.get("test:token") ?? null;
  },

  async check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
    const failures =
      typeof news.size === "number" ? [] : [{ property: "size", reason: "size must be a number" }];
    return { inputs: { ...news, checked: true, token: this.token }, failures };
  },

  async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
    if (news.size === "unsure") return {};
    const replaces = olds.name === news.name ? [] : ["name"];
    return {
      changes: olds.size !== news.size || replaces.length > 0,
      replaces,
      deleteBeforeReplace: true,
    };
  },

  async create(props: Inputs): Promise<pulumi.dynamic.CreateResult> {
    if (props.fail === "init") {
      const error: ProviderError = new Error("link-2 was created but is not ready");
      error.id = "link-2";
      error.properties = { ...props, state: "pending" };
      error.reasons = ["not ready"];
      throw error;
    }
    if (props.fail === "plain") throw new Error("the API refused the link");
    return { id: "link-1", outs: { ...props, url: "https://links.example/link-1" } };
  },

  async read(id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> {
    if (id === "gone") return { props: {} };
    return {
      id,
      props: { ...props, url: `https://links.example/${id}` },
      inputs: { name: props.name },
    };
  },

  async update(id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
    if (news.fail === "init") {
      const error: ProviderError = new Error(`${id} was updated but is not ready`);
      error.id = id;
      error.properties = { ...news, state: "pending" };
      error.reasons = ["still updating"];
      throw error;
    }
    return { outs: { ...news, url: `https://links.example/${id}`, updated: true } };
  },

  async delete(id: string): Promise<void> {
    console.error(`deleted ${id}`);
  },
};

const urn = resourceUrn("example", "pulumi-nodejs:dynamic/test:Example");

describe("the provider-host harness", () => {
  let host: ProviderHost;
  let serialized: string;

  beforeAll(async () => {
    // As pulumi.dynamic.Resource does (dynamic/index.js, serializeFunctionMaybeSecret).
    const [serializedFunction, started] = await Promise.all([
      pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }),
      startProviderHost(),
    ]);
    serialized = serializedFunction.text;
    host = started;
    await host.configure({ "test:token": "t0ken" });
  });

  afterAll(async () => {
    await host?.close();
  });

  const withProvider = (props: Inputs): Inputs => ({ ...props, [providerKey]: serialized });

  it("passes the namespaced stack config to the provider's configure", async () => {
    const { inputs } = await host.check(urn, {}, withProvider({ size: 1 }));
    expect(inputs.token).toBe("t0ken");
  });

  it("returns check's inputs with the serialized provider kept", async () => {
    const { inputs, failures } = await host.check(urn, {}, withProvider({ size: 1 }));
    expect(inputs).toEqual(withProvider({ size: 1, checked: true, token: "t0ken" }));
    expect(failures).toEqual([]);
  });

  it("returns check's failures as property and reason", async () => {
    const { failures } = await host.check(urn, {}, withProvider({ size: "big" }));
    expect(failures).toEqual([{ property: "size", reason: "size must be a number" }]);
  });

  it("loads the provider from the olds when the news' provider is unknown in preview", async () => {
    const news = { size: 1, [providerKey]: unknownValue };
    const { inputs } = await host.check(urn, withProvider({ size: 1 }), news);
    expect(inputs.checked).toBe(true);
  });

  it("reports diff's changes, replaces and deleteBeforeReplace", async () => {
    const olds = withProvider({ name: "a", size: 1 });
    const result = await host.diff(urn, "link-1", olds, withProvider({ name: "b", size: 1 }));
    expect(result).toEqual({ changes: "some", replaces: ["name"], deleteBeforeReplace: true });
  });

  it("reports no changes when diff says changes is false", async () => {
    const props = withProvider({ name: "a", size: 1 });
    const result = await host.diff(urn, "link-1", props, props);
    expect(result.changes).toBe("none");
  });

  it("reports unknown changes when diff leaves changes unset", async () => {
    const result = await host.diff(
      urn,
      "link-1",
      withProvider({}),
      withProvider({ size: "unsure" }),
    );
    expect(result).toEqual({ changes: "unknown", replaces: [], deleteBeforeReplace: false });
  });

  it("returns create's id and outputs with the serialized provider added", async () => {
    const result = await host.create(urn, withProvider({ name: "a" }));
    expect(result).toEqual({
      id: "link-1",
      properties: withProvider({ name: "a", url: "https://links.example/link-1" }),
    });
  });

  it("decodes a create error carrying an id into initFailed", async () => {
    const error = await host.create(urn, withProvider({ fail: "init" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    expect(error).toMatchObject({
      message: "link-2 was created but is not ready",
      code: grpc.status.UNKNOWN,
      initFailed: {
        id: "link-2",
        properties: withProvider({ fail: "init", state: "pending" }),
        reasons: ["not ready"],
      },
    });
  });

  it("rejects a plain create error with its message and no initFailed", async () => {
    const error = await host.create(urn, withProvider({ fail: "plain" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    expect(error).toMatchObject({ message: "the API refused the link", initFailed: undefined });
  });

  it("returns read's id, outputs with the provider, and inputs with the provider", async () => {
    const result = await host.read(urn, "link-1", withProvider({ name: "a" }));
    expect(result).toEqual({
      id: "link-1",
      properties: withProvider({ name: "a", url: "https://links.example/link-1" }),
      inputs: withProvider({ name: "a" }),
    });
  });

  it("returns an empty id when read reports the resource gone", async () => {
    const result = await host.read(urn, "gone", withProvider({ name: "a" }));
    expect(result.id).toBe("");
  });

  it("finds the provider in read's inputs when properties are empty", async () => {
    const result = await host.read(urn, "link-1", {}, withProvider({ name: "a" }));
    expect(result.properties.url).toBe("https://links.example/link-1");
  });

  it("returns update's outputs with the serialized provider added", async () => {
    const olds = withProvider({ name: "a" });
    const result = await host.update(urn, "link-1", olds, withProvider({ name: "b" }));
    expect(result.properties).toEqual(
      withProvider({ name: "b", url: "https://links.example/link-1", updated: true }),
    );
  });

  it("decodes an update error carrying an id into initFailed", async () => {
    const news = withProvider({ fail: "init" });
    const error = await host.update(urn, "link-1", withProvider({}), news).catch((e: unknown) => e);
    expect(error).toMatchObject({
      initFailed: { id: "link-1", reasons: ["still updating"] },
    });
  });

  it("calls delete, whose console output lands in the host's stderr", async () => {
    await host.delete(urn, "link-9", withProvider({ name: "a" }));
    // The host's stderr is a separate pipe: it may arrive just after the gRPC answer.
    await expect.poll(() => host.stderr()).toContain("deleted link-9");
  });

  it("never prints the configured secret", () => {
    expect(host.stderr() + host.stdout()).not.toContain("t0ken");
  });
});
