import type * as pulumi from "@pulumi/pulumi";
import type { SmileLinkInputs, SmileLinkOutputs } from "../link/types";
import { LinkProvider } from "../link/lifecycle";

/**
 * The dynamic provider behind the thin `smileLinkProvider` shim (provider.ts): an adapter of
 * one `LinkProvider` to `pulumi.dynamic.ResourceProvider`. It is loaded from the installed
 * package at run time and never serialized into state, so it may hold clients and caches;
 * every later version must handle state written by earlier ones.
 *
 * Its outputs are typed `Partial`: state written by an earlier version may lack an output, and
 * the SDK types the inputs a read sends back (a link's inputs only) as outputs too.
 */

/** The provider of this host process: the engine runs one per dynamic provider. */
const links = new LinkProvider();

export const implementation: Required<
  pulumi.dynamic.ResourceProvider<SmileLinkInputs, Partial<SmileLinkOutputs>>
> = {
  async configure(request) {
    links.configure((key) => {
      try {
        return request.config.get(key);
      } catch {
        return undefined;
      }
    });
  },

  async check(olds, news) {
    const result = links.check(olds, { ...news });
    const credentials = links.credentialsFailure();
    const failures = [...(result.failures ?? []), ...(credentials ? [credentials] : [])];
    // Inputs that fail the rules go back as the program gave them.
    const inputs = result.failures ? news : result.inputs;
    return failures.length > 0 ? { inputs, failures } : { inputs };
  },

  async diff(id, olds, news) {
    const { changes, replaces } = links.diff(id, olds, { ...news });
    return { changes, replaces, deleteBeforeReplace: false };
  },

  create: (inputs) => links.create(inputs),

  read: (id, props) => links.read(id, { ...props }),

  update: (id, olds, news) => links.update(id, olds, news),

  delete: (id, props) => links.delete(id, { ...props }),
};
