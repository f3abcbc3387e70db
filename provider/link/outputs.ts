import { REPLACE_FIELDS, sameValue } from "./diff";
import { isoInstant } from "./instant";
import type { LinkLocation } from "./location";
import { OUTPUT_FIELDS, type OutputSpec } from "./output-fields";
import { LINK_FIELDS, type LinkField } from "./fields";
import type { LiveLink, SmileLinkInputs, SmileLinkOutputs } from "./types";

/** Drops undefined values: Pulumi's struct encoding rejects them (pulumi/pulumi#3012). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The outputs of a link: the inputs, then what the API reported about it. `resourceKey` is
 * left out too: only a create reads it, from its inputs.
 */
export function toOutputs(
  inputs: SmileLinkInputs,
  live: Partial<LiveLink> & { refId: string },
  location: LinkLocation,
  previous?: Partial<SmileLinkOutputs>,
): SmileLinkOutputs {
  const { resourceKey: _resourceKey, ...linkInputs } = inputs;
  return compact({
    ...linkInputs,
    ...reportedOutputs(live, previous),
    isDisabled: live.isDisabled ?? inputs.isDisabled,
    refId: live.refId,
    url: live.url || previous?.url || "",
    apiUrl: location.apiUrl,
    partnerId: live.partnerId ?? location.partnerId,
  } as SmileLinkOutputs);
}

/**
 * The outputs the API reports in its answers (the outputs table's `answer`): as this answer
 * says, else as stored, else none yet (null, or 0 for a counter).
 */
function reportedOutputs(
  live: Partial<LiveLink>,
  previous: Partial<SmileLinkOutputs> | undefined,
): Record<string, unknown> {
  const entries = Object.entries(OUTPUT_FIELDS as Record<string, OutputSpec>).flatMap(
    ([output, { answer }]) => {
      if (!answer) return [];
      const said = live[output as keyof LiveLink];
      const stored = previous?.[output as keyof SmileLinkOutputs];
      return [
        [output, said !== undefined ? said : (stored ?? (answer.kind === "count" ? 0 : null))],
      ];
    },
  );
  return Object.fromEntries(entries);
}

/** Fields of an answer that override stored inputs on refresh, when the API sent them. */
const REFRESHED_FIELDS: readonly LinkField[] = [...REPLACE_FIELDS, "idTypes"];

/**
 * The inputs as the live link shows them: stored inputs overlaid with every field the API
 * returned. Fields the API left out, or sent as null, keep their stored value, so a terse API
 * never causes a replacement on the next `up`.
 */
export function inputsFromLive(stored: Partial<SmileLinkInputs>, live: LiveLink): SmileLinkInputs {
  // `stored` may be a link's outputs: only its inputs are kept.
  const refreshed: Record<string, unknown> = Object.fromEntries(
    LINK_FIELDS.map((field) => [field, stored[field]]),
  );
  refreshed.isDisabled = live.isDisabled;
  for (const field of REFRESHED_FIELDS) {
    // The API cannot change these fields, so an answer without one (or with null) did not say
    // it: taking that as "cleared" would replace the link on the next up.
    const value = live[field as keyof LiveLink];
    if (value !== undefined && value !== null) refreshed[field] = value;
  }
  if (typeof refreshed.expiresAt === "string") {
    refreshed.expiresAt = isoInstant(refreshed.expiresAt);
  }
  if (live.partnerParams && Object.keys(live.partnerParams).length === 0 && !stored.partnerParams) {
    refreshed.partnerParams = undefined;
  }
  return compact(refreshed as SmileLinkInputs);
}

/** Inputs that fix a link at create and differ between the program and the live link. */
export function adoptionMismatches(
  inputs: SmileLinkInputs,
  live: LiveLink,
): { field: LinkField; program: unknown; live: unknown }[] {
  return REPLACE_FIELDS.filter((field) => {
    const liveValue = live[field as keyof LiveLink];
    return liveValue !== undefined && !sameValue(field, inputs[field], liveValue);
  }).map((field) => ({
    field,
    program: inputs[field],
    live: live[field as keyof LiveLink],
  }));
}
