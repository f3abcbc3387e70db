import * as grpc from "@grpc/grpc-js";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { LinkProvider } from "../link/lifecycle";
import { NATIVE_LINK_TYPE } from "../link/type-tokens";
import { grpcError } from "./grpc-errors";
import * as link from "./link-operations";
import { fromStruct, toStruct } from "./values";

/**
 * The gRPC `pulumirpc.ResourceProvider` service of the `smileid` plugin. `@pulumi/pulumi`'s
 * `provider.main` serves a provider too, but its Configure ignores the request and its
 * CheckConfig is unimplemented, so neither stack config nor `new smileid.Provider(...)`
 * arguments would ever reach it: this service answers them. Methods it leaves out (DiffConfig,
 * Invoke, Construct...) answer UNIMPLEMENTED, which the engine handles.
 */

type Handler<Request, Response> = (
  call: grpc.ServerUnaryCall<Request, Response>,
  callback: grpc.sendUnaryData<Response>,
) => void;

/** One error boundary per call: whatever is thrown goes back to the engine as a gRPC error. */
function unary<Request, Response>(
  handle: (request: Request) => Promise<Response> | Response,
): Handler<Request, Response> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(grpcError(error), null),
      );
  };
}

function requireLinkType(urn: string): void {
  const type = urn.split("::")[2];
  if (type !== NATIVE_LINK_TYPE)
    throw new Error(`the smileid provider has no resource type ${type}`);
}

interface Model {
  /** The plugin process serves one provider instance: the engine starts one per provider. */
  links: LinkProvider;
  config: typeof import("./config");
}

/**
 * The link's model and lifecycle, and the provider's settings: zod, the field rules and the
 * catalog are most of what the plugin loads, so they load at the first call that needs them,
 * after the plugin has answered the engine's first call (docs/performance.md).
 */
async function loadModel(engineAddress: string | undefined): Promise<Model> {
  const [{ LinkProvider }, config, { engineNotify }] = await Promise.all([
    import("../link/lifecycle.js"),
    import("./config.js"),
    import("./engine-log.js"),
  ]);
  return { links: new LinkProvider(undefined, engineNotify(engineAddress)), config };
}

export interface ServeOptions {
  /**
   * Called after the first answer of each call that uses the model, by when the code it runs
   * is compiled (main.ts writes Node.js's compile cache then).
   */
  onCompiled?: () => void;
  /** The engine's address, where warnings and notices go (engine-log.ts); stderr without one. */
  engineAddress?: string;
}

export function providerService(
  version: string,
  { onCompiled, engineAddress }: ServeOptions = {},
): grpc.UntypedServiceImplementation {
  // Made at the first GetSchema (gen-sdk, YAML programs, import), which most runs never send:
  // it loads the code generators and builds the schema from the model (docs/performance.md).
  let schema: Promise<string> | undefined;
  // One load, whichever calls come first; they run in the order they came once it is done.
  let loaded: Promise<Model> | undefined;
  const answered = new Set<string>();
  /** A call that needs the model: it waits for the model's one load. */
  function withModel<Request, Response>(
    name: string,
    handle: (model: Model, request: Request) => Promise<Response> | Response,
  ): Handler<Request, Response> {
    return unary(async (request: Request) => {
      loaded ??= loadModel(engineAddress);
      try {
        return await handle(await loaded, request);
      } finally {
        if (onCompiled && !answered.has(name)) {
          answered.add(name);
          setImmediate(onCompiled);
        }
      }
    });
  }
  return {
    getPluginInfo: unary(() => new PluginInfo().setVersion(version)),

    getSchema: unary(async () => {
      schema ??= import("../codegen/package-schema.js").then(({ packageSchema }) =>
        JSON.stringify(packageSchema(version)),
      );
      return new provproto.GetSchemaResponse().setSchema(await schema);
    }),

    checkConfig: withModel("checkConfig", ({ config }, request: provproto.CheckRequest) => {
      const { inputs, failures } = config.checkConfig(fromStruct(request.getNews()));
      return new provproto.CheckResponse()
        .setInputs(toStruct(inputs))
        .setFailuresList(failures.map(checkFailure));
    }),

    configure: withModel("configure", ({ links, config }, request: provproto.ConfigureRequest) => {
      links.configure(config.configLookup(fromStruct(request.getArgs())));
      // Secrets: plain values arrive and a single-use URL goes back secret. No preview calls
      // to create or update, no resource references, no output values.
      return new provproto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setSupportspreview(false)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
    }),

    check: withModel("check", ({ links }, request: provproto.CheckRequest) => {
      requireLinkType(request.getUrn());
      const olds = fromStruct(request.getOlds());
      const news = fromStruct(request.getNews());
      const { inputs, failures } = link.check(links, request.getUrn(), olds, news);
      return new provproto.CheckResponse()
        .setInputs(toStruct(inputs))
        .setFailuresList(failures.map(checkFailure));
    }),

    diff: withModel("diff", ({ links }, request: provproto.DiffRequest) => {
      const result = link.diff(
        links,
        request.getId(),
        fromStruct(request.getOlds()),
        fromStruct(request.getNews()),
      );
      const response = new provproto.DiffResponse()
        .setChanges(
          result.changes
            ? provproto.DiffResponse.DiffChanges.DIFF_SOME
            : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setReplacesList(result.replaces)
        .setDiffsList([...result.replaces, ...result.updates])
        .setDeletebeforereplace(result.deleteBeforeReplace)
        .setHasdetaileddiff(true);
      // The detailed diff names each changed input and how it changes, so the preview shows
      // exactly those and `replaceOnChanges` can match them.
      const detailed = response.getDetaileddiffMap();
      for (const [field, change] of Object.entries(result.detailed)) {
        detailed.set(field, propertyDiff(change, result.replaces.includes(field)));
      }
      return response;
    }),

    create: withModel("create", async ({ links }, request: provproto.CreateRequest) => {
      requireLinkType(request.getUrn());
      const { id, properties } = await link.create(
        links,
        request.getUrn(),
        fromStruct(request.getProperties()),
      );
      return new provproto.CreateResponse().setId(id).setProperties(toStruct(properties));
    }),

    read: withModel("read", async ({ links }, request: provproto.ReadRequest) => {
      const result = await link.read(
        links,
        request.getId(),
        fromStruct(request.getProperties()),
        fromStruct(request.getInputs()),
      );
      const response = new provproto.ReadResponse()
        .setId(result.id)
        .setProperties(toStruct(result.properties));
      return result.inputs ? response.setInputs(toStruct(result.inputs)) : response;
    }),

    update: withModel("update", async ({ links }, request: provproto.UpdateRequest) => {
      const { properties } = await link.update(
        links,
        request.getId(),
        fromStruct(request.getOlds()),
        fromStruct(request.getNews()),
      );
      return new provproto.UpdateResponse().setProperties(toStruct(properties));
    }),

    delete: withModel("delete", async ({ links }, request: provproto.DeleteRequest) => {
      await link.remove(links, request.getId(), fromStruct(request.getProperties()));
      return new Empty();
    }),

    cancel: unary(() => new Empty()),
  };
}

function checkFailure({ property, reason }: { property: string; reason: string }) {
  return new provproto.CheckFailure().setProperty(property).setReason(reason);
}

const KINDS = {
  add: [provproto.PropertyDiff.Kind.ADD, provproto.PropertyDiff.Kind.ADD_REPLACE],
  delete: [provproto.PropertyDiff.Kind.DELETE, provproto.PropertyDiff.Kind.DELETE_REPLACE],
  update: [provproto.PropertyDiff.Kind.UPDATE, provproto.PropertyDiff.Kind.UPDATE_REPLACE],
} as const;

function propertyDiff(change: link.InputChange, replaces: boolean): provproto.PropertyDiff {
  return new provproto.PropertyDiff().setKind(KINDS[change][replaces ? 1 : 0]).setInputdiff(true);
}

/** Serves the provider on a free loopback port and resolves with the port. */
export async function serve(
  version: string,
  options: ServeOptions = {},
): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server();
  server.addService(ResourceProviderService, providerService(version, options));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return { port, server };
}
