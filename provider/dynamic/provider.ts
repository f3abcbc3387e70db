import type * as pulumi from "@pulumi/pulumi";
import type { SmileLinkInputs, SmileLinkOutputs } from "../link/types";

type Implementation = pulumi.dynamic.ResourceProvider<SmileLinkInputs, SmileLinkOutputs>;

/**
 * Loads the implementation from the installed package. Pulumi stores the shim below, not the
 * implementation, with every link (twice: in its inputs and its outputs): it stays small,
 * captures no credential, and `delete` and refresh (which run the copy in state) run the
 * installed code. Arrow functions keep the serialized text short (sizes: docs/performance.md).
 *
 * Resolution is anchored at the working directory (the Pulumi project, where the host
 * starts), since code loaded from a string has no file of its own; it falls back to
 * ordinary resolution from the host. The `pulumi-smile-links/implementation` subpath is a
 * compatibility promise to every stack that stores a shim.
 */
function load(): Required<Implementation> {
  const id = "pulumi-smile-links/implementation";
  try {
    const { createRequire } = require("node:module");
    return createRequire(require("node:path").join(process.cwd(), "package.json"))(id)
      .implementation;
  } catch {
    return require(id).implementation;
  }
}

/**
 * The `pulumi.dynamic.ResourceProvider` behind `SmileLink`, the whole export of this module.
 * Pulumi stores a provider that is the exports object of a module under `node_modules` as one
 * `require` of the package's subpath for that module: in a project that installed the package,
 * every link stores `require("pulumi-smile-links/provider")` instead of this shim, in its inputs
 * and its outputs (docs/performance.md compares their sizes). That text and subpath are a
 * compatibility promise, like the shim's (test/fixtures). Where the package is not under
 * `node_modules`, as in this repository's own project, Pulumi stores the shim itself.
 */
const smileLinkProvider: Required<Implementation> = {
  configure: (request) => load().configure(request),
  check: (olds, news) => load().check(olds, news),
  diff: (id, olds, news) => load().diff(id, olds, news),
  create: (inputs) => load().create(inputs),
  read: (id, props) => load().read(id, props),
  update: (id, olds, news) => load().update(id, olds, news),
  delete: (id, props) => load().delete(id, props),
};

export = smileLinkProvider;
