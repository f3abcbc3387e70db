// The floors' resources: the same inputs as a SmileLink, and type tokens of the same length
// (`pulumi-nodejs:dynamic/smileid:FloorLink`, `...:ShapeLink`), so that state differs only by
// what the providers keep. A ShapeLink also declares a SmileLink's outputs and passes the same
// `resourceKey`, so that the program does the same work for it.
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const floorProvider = require("./provider");
const shapedProvider = require("./shaped");

// A SmileLink's outputs besides its inputs, from the model's outputs table in the installed
// pulumi-smile-links: by file path, since the package exports no subpath for it, and only that
// file, so that the floor loads none of the package's other modules.
const packageDir = path.dirname(require.resolve("pulumi-smile-links/package.json"));
const { OUTPUT_NAMES } = require(path.join(packageDir, "dist", "link", "output-fields.js"));

class FloorLink extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(floorProvider, name, { ...args }, opts, "smileid", "FloorLink");
  }
}

class ShapeLink extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    const resourceKey = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    const outputs = Object.fromEntries(OUTPUT_NAMES.map((output) => [output, undefined]));
    super(shapedProvider, name, { ...args, resourceKey, ...outputs }, opts, "smileid", "ShapeLink");
  }
}

module.exports = { FloorLink, ShapeLink };
