import type { SmileLinkInputs, SmileLinkOutputs } from "../link/types";
import type { LinkProvider } from "../link/lifecycle";
import { keepSecrets, reveal, secret, type Props } from "./values";

/**
 * `smileid:index:SmileLink`: the native resource's operations, each the `LinkProvider` method
 * that serves the dynamic `SmileLink` too (one set of rules), with what only a native provider
 * has to do around it: plain values in and secrets out, and the resource's identity from its URN.
 */

/**
 * The `project/stack/name` that `SmileLink` gives a create for its marker (link/create/marker.ts),
 * read from the URN: `urn:pulumi:<stack>::<project>::<type>::<name>`.
 */
export function resourceKeyOf(urn: string): string | undefined {
  const [head, project, _type, ...name] = urn.split("::");
  const stack = head?.startsWith("urn:pulumi:") ? head.slice("urn:pulumi:".length) : undefined;
  return stack && project && name.length > 0 ? `${project}/${stack}/${name.join("::")}` : undefined;
}

/** Outputs as the engine stores them: no `resourceKey`, and a single-use link's url secret. */
function stored(outputs: Props, ...secretsFrom: (Props | undefined)[]): Props {
  const { resourceKey: _resourceKey, ...rest } = outputs;
  const kept = keepSecrets(rest, ...secretsFrom);
  // A single-use URL lets one person verify as that user.
  return reveal(kept.isSingleUse) === true && kept.url !== undefined
    ? { ...kept, url: secret(kept.url) }
    : kept;
}

function inputsOf(props: Props): SmileLinkInputs {
  return reveal(props) as SmileLinkInputs;
}

export function check(links: LinkProvider, urn: string, olds: Props, news: Props) {
  const given = reveal(news) as Props;
  const { inputs, failures = [] } = links.check(reveal(olds) as Props, given, urn);
  return { inputs: keepSecrets(inputs, news), failures };
}

/** How one input changes, for the engine's detailed diff. */
export type InputChange = "add" | "delete" | "update";

/** The diff, and how each changed input changes (the detailed diff). */
export function diff(links: LinkProvider, id: string, olds: Props, news: Props) {
  const outputs = reveal(olds) as Props;
  const inputs = reveal(news) as Props;
  const { changes, replaces, updates } = links.diff(id, outputs, inputs);
  const isSet = (value: unknown) => value !== undefined && value !== null;
  const change = (field: string): InputChange =>
    !isSet(outputs[field]) ? "add" : !isSet(inputs[field]) ? "delete" : "update";
  return {
    changes,
    replaces: replaces as string[],
    updates: updates as string[],
    detailed: Object.fromEntries(
      [...replaces, ...updates].map((field) => [field, change(field)] as const),
    ),
    // A replacement creates the new link before the old one is disabled.
    deleteBeforeReplace: false,
  };
}

export async function create(links: LinkProvider, urn: string, news: Props) {
  const inputs = { ...inputsOf(news), resourceKey: resourceKeyOf(urn) };
  try {
    const { id, outs } = await links.create(inputs, urn);
    return { id, properties: stored(outs, news) };
  } catch (error) {
    // A partially created link: its properties go to state like any outputs.
    const partial = error as { properties?: Props };
    if (partial.properties) partial.properties = stored(partial.properties, news);
    throw error;
  }
}

/** Refresh, or import when `props` is empty: the inputs come from the live link then. */
export async function read(links: LinkProvider, id: string, props: Props, inputs: Props) {
  const result = await links.read(id, reveal(props) as Props);
  if (!result.id) return { id: "", properties: {}, inputs: undefined };
  return {
    id: result.id,
    properties: stored((result.props ?? {}) as Props, props),
    inputs: result.inputs ? stored(result.inputs, inputs) : undefined,
  };
}

export async function update(links: LinkProvider, id: string, olds: Props, news: Props) {
  const result = await links.update(id, reveal(olds) as SmileLinkOutputs, inputsOf(news));
  return { properties: stored({ ...result.outs }, news) };
}

export async function remove(links: LinkProvider, id: string, props: Props) {
  await links.delete(id, reveal(props) as Props);
}
