import type * as pulumi from "@pulumi/pulumi";
import type { SmileLinkInputs, SmileLinkOutputs } from "../model/types";

type Implementation = pulumi.dynamic.ResourceProvider<SmileLinkInputs, SmileLinkOutputs>;

/**
 * Loads the implementation from the installed package. Pulumi stores this shim, not the
 * implementation, with every link: it stays a few kilobytes, captures no credential, and
 * `delete` and refresh (which run the copy in state) run the installed code.
 *
 * Resolution is anchored at the working directory (the Pulumi project, where the host
 * starts), since code loaded from a string has no file of its own; it falls back to
 * ordinary resolution from the host. Its text and the `pulumi-smile-links/implementation`
 * subpath are a compatibility promise to every stack that stores them.
 */
function loadImplementation(): Implementation {
  const id = "pulumi-smile-links/implementation";
  let loaded: { implementation: Implementation };
  try {
    const { createRequire } = require("node:module");
    const { join } = require("node:path");
    loaded = createRequire(join(process.cwd(), "package.json"))(id);
  } catch {
    loaded = require(id);
  }
  return loaded.implementation;
}

/** The `pulumi.dynamic.ResourceProvider` behind `SmileLink`. */
export const smileLinkProvider: Required<Implementation> = {
  async configure(request) {
    return loadImplementation().configure!(request);
  },
  async check(olds, news) {
    return loadImplementation().check!(olds, news);
  },
  async diff(id, olds, news) {
    return loadImplementation().diff!(id, olds, news);
  },
  async create(inputs) {
    return loadImplementation().create(inputs);
  },
  async read(id, props) {
    return loadImplementation().read!(id, props);
  },
  async update(id, olds, news) {
    return loadImplementation().update!(id, olds, news);
  },
  async delete(id, props) {
    return loadImplementation().delete!(id, props);
  },
};
