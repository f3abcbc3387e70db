import { diffLink } from "../model/diff";
import type { SmileLinkInputs, SmileLinkOutputs } from "../model/types";
import { implementation } from "../resource/implementation";
import { keepSecrets, reveal, secret, type Props } from "./values";

/**
 * `smileid:index:SmileLink`: the native resource's operations, each the implementation that
 * serves the dynamic `SmileLink` (one set of rules), with what only a native provider has to
 * do around it: plain values in and secrets out, and the resource's identity from its URN.
 */

/**
 * The `project/stack/name` that `SmileLink` gives a create for its marker (resource/marker.ts),
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

export async function check(olds: Props, news: Props) {
  const result = await implementation.check(inputsOf(olds), inputsOf(news));
  return {
    inputs: keepSecrets(result.inputs as unknown as Props, news),
    failures: result.failures ?? [],
  };
}

/** How one input changes, for the engine's detailed diff. */
export type InputChange = "add" | "delete" | "update";

/** The implementation's diff, and how each changed input changes (the detailed diff). */
export async function diff(id: string, olds: Props, news: Props) {
  const outputs = reveal(olds) as Props;
  const inputs = reveal(news) as Props;
  const result = await implementation.diff(
    id,
    outputs as unknown as SmileLinkOutputs,
    inputs as unknown as SmileLinkInputs,
  );
  const { replaces, updates } = diffLink(outputs, inputs);
  const isSet = (value: unknown) => value !== undefined && value !== null;
  const change = (field: string): InputChange =>
    !isSet(outputs[field]) ? "add" : !isSet(inputs[field]) ? "delete" : "update";
  return {
    changes: result.changes === true,
    replaces: (result.replaces ?? []) as string[],
    updates: updates as string[],
    detailed: Object.fromEntries(
      [...replaces, ...updates].map((field) => [field, change(field)] as const),
    ),
    deleteBeforeReplace: result.deleteBeforeReplace === true,
  };
}

export async function create(urn: string, news: Props) {
  const inputs = { ...inputsOf(news), resourceKey: resourceKeyOf(urn) };
  try {
    const { id, outs } = await implementation.create(inputs);
    return { id, properties: stored(outs as unknown as Props, news) };
  } catch (error) {
    // A partially created link: its properties go to state like any outputs.
    const partial = error as { properties?: Props };
    if (partial.properties) partial.properties = stored(partial.properties, news);
    throw error;
  }
}

/** Refresh, or import when `props` is empty: the inputs come from the live link then. */
export async function read(id: string, props: Props, inputs: Props) {
  const result = await implementation.read(id, reveal(props) as SmileLinkOutputs);
  if (!result.id) return { id: "", properties: {}, inputs: undefined };
  return {
    id: result.id,
    properties: stored((result.props ?? {}) as Props, props),
    inputs: result.inputs ? stored(result.inputs as unknown as Props, inputs) : undefined,
  };
}

export async function update(id: string, olds: Props, news: Props) {
  const result = await implementation.update(id, reveal(olds) as SmileLinkOutputs, inputsOf(news));
  return { properties: stored((result.outs ?? {}) as Props, news) };
}

export async function remove(id: string, props: Props) {
  await implementation.delete(id, reveal(props) as SmileLinkOutputs);
}
