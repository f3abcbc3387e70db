import type * as pulumi from "@pulumi/pulumi";
import type { SmileLinkInputs, SmileLinkOutputs } from "../model/types";
import { LinkProvider } from "./link-provider";

/**
 * The dynamic provider behind the thin `smileLinkProvider` shim (provider.ts): an adapter of
 * one `LinkProvider` to `pulumi.dynamic.ResourceProvider`. It is loaded from the installed
 * package at run time and never serialized into state, so it may hold clients and caches;
 * every later version must handle state written by earlier ones.
 */

type Props = Record<string, unknown>;

/** The provider of this host process: the engine runs one per dynamic provider. */
const links = new LinkProvider();

export const implementation: Required<
  pulumi.dynamic.ResourceProvider<SmileLinkInputs, SmileLinkOutputs>
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
    const result = links.check(olds as unknown as Props, { ...news });
    const credentials = links.credentialsFailure();
    const failures = [...(result.failures ?? []), ...(credentials ? [credentials] : [])];
    const checked = result.inputs as unknown as SmileLinkInputs;
    return failures.length > 0 ? { inputs: checked, failures } : { inputs: checked };
  },

  async diff(id, olds, news) {
    const { changes, replaces } = links.diff(id, olds as unknown as Props, { ...news });
    return { changes, replaces, deleteBeforeReplace: false };
  },

  create: (inputs) => links.create(inputs),

  async read(id, props) {
    const { inputs, ...result } = await links.read(id, { ...props });
    // The SDK types `ReadResult.inputs` as outputs; the host stores it as the new inputs.
    return inputs ? { ...result, inputs: inputs as unknown as SmileLinkOutputs } : result;
  },

  update: (id, olds, news) => links.update(id, olds, news),

  delete: (id, props) => links.delete(id, { ...props }),
};
