// The native floors: a Pulumi provider plugin (`floorid`) with the gRPC surface of `smileid`
// that does nothing but wait as long as the API would answer. Its two resources have the inputs
// of a SmileLink: `FloorLink` keeps its inputs as outputs (the least a resource can keep) and
// `ShapeLink` keeps a SmileLink's outputs (shape.js). Started by the engine as `smileid` is, from
// this package's launcher (bin/pulumi-resource-floorid) or as a standalone executable built the
// way the release builds `smileid`'s, it prints its port and serves until the engine stops it.
const grpc = require("@grpc/grpc-js");
const { PluginInfo } = require("@pulumi/pulumi/proto/plugin_pb");
const { ResourceProviderService } = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const apiLatency = require("../latency");
const { createdOutputs, newId, refreshedOutputs } = require("../shape");

/** The standalone executable's build fixes the version; the launcher reads package.json. */
const version =
  typeof FLOORID_PLUGIN_VERSION === "string"
    ? FLOORID_PLUGIN_VERSION // eslint-disable-line no-undef
    : require("../package.json").version;

/** Whether the resource of `urn` (`urn:pulumi:<stack>::<project>::<type>::<name>`) is shaped. */
const isShaped = (urn) => urn.split("::")[2] === "floorid:index:ShapeLink";

function unary(handle) {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error) => callback({ code: grpc.status.UNKNOWN, details: String(error) }, null),
      );
  };
}

/** The names of the properties whose values differ between two Structs. */
function changedKeys(olds, news) {
  const before = olds ? olds.toJavaScript() : {};
  const after = news ? news.toJavaScript() : {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

const service = {
  getPluginInfo: unary(() => new PluginInfo().setVersion(version)),
  // Its schema is written beside it when the bench packs it (scripts/bench/native-builds.mjs).
  getSchema: unary(() =>
    new provproto.GetSchemaResponse().setSchema(JSON.stringify(require("./schema.json"))),
  ),
  checkConfig: unary((request) => new provproto.CheckResponse().setInputs(request.getNews())),
  configure: unary(() =>
    new provproto.ConfigureResponse()
      .setAcceptsecrets(true)
      .setSupportspreview(false)
      .setAcceptresources(false)
      .setAcceptoutputs(false),
  ),
  check: unary((request) => new provproto.CheckResponse().setInputs(request.getNews())),
  diff: unary((request) => {
    const changed = changedKeys(request.getOldInputs() ?? request.getOlds(), request.getNews());
    return new provproto.DiffResponse()
      .setChanges(
        changed.length > 0
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      )
      .setDiffsList(changed);
  }),
  create: unary(async (request) => {
    await apiLatency();
    const id = newId();
    const properties = isShaped(request.getUrn())
      ? Struct.fromJavaScript(createdOutputs(request.getProperties().toJavaScript(), id))
      : request.getProperties();
    return new provproto.CreateResponse().setId(id).setProperties(properties);
  }),
  read: unary(async (request) => {
    await apiLatency();
    const properties = isShaped(request.getUrn())
      ? Struct.fromJavaScript(refreshedOutputs(request.getProperties().toJavaScript()))
      : request.getProperties();
    return new provproto.ReadResponse().setId(request.getId()).setProperties(properties);
  }),
  update: unary(async (request) => {
    await apiLatency();
    const news = request.getNews();
    const properties = isShaped(request.getUrn())
      ? Struct.fromJavaScript({ ...request.getOlds().toJavaScript(), ...news.toJavaScript() })
      : news;
    return new provproto.UpdateResponse().setProperties(properties);
  }),
  delete: unary(async () => {
    await apiLatency();
    return new Empty();
  }),
  cancel: unary(() => new Empty()),
};

const server = new grpc.Server();
server.addService(ResourceProviderService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${port}\n`);
});
