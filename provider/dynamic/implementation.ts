import type * as pulumi from "@pulumi/pulumi";
import { isSmileLinksError } from "../errors";
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

/**
 * The dynamic-provider host (`@pulumi/pulumi`'s cmd/dynamic-provider) logs
 * `${error}: ${error.stack}` to stderr before it returns the error of a failed check, diff, read
 * or delete (not of a create or an update), and the engine shows each line of that log as a
 * message of the stack, beside the error it shows for the resource: one failure printed twice,
 * with a stack trace. A SmileLinksError's message is the whole story, so that log line, and
 * only the one of an error this adapter let through, is not written.
 */
const logged = new Set<string>();
const hostLog = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (args.length === 1 && typeof args[0] === "string" && logged.delete(args[0])) return;
  hostLog(...args);
};

/** Runs `operation`; a SmileLinksError it throws is returned to the engine without the log. */
async function reported<T>(operation: () => T | Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isSmileLinksError(error)) logged.add(`${error}: ${error.stack}`);
    throw error;
  }
}

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

  check: (olds, news) =>
    reported(() => {
      const result = links.check(olds, { ...news });
      const credentials = links.credentialsFailure();
      const failures = [...(result.failures ?? []), ...(credentials ? [credentials] : [])];
      // Inputs that fail the rules go back as the program gave them.
      const inputs = result.failures ? news : result.inputs;
      return failures.length > 0 ? { inputs, failures } : { inputs };
    }),

  diff: (id, olds, news) =>
    reported(() => {
      const { changes, replaces } = links.diff(id, olds, { ...news });
      return { changes, replaces, deleteBeforeReplace: false };
    }),

  create: (inputs) => links.create(inputs),

  read: (id, props) => reported(() => links.read(id, { ...props })),

  update: (id, olds, news) => links.update(id, olds, news),

  delete: (id, props) => reported(() => links.delete(id, { ...props })),
};
