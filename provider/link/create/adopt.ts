import type { SmileLinksClient } from "../../client/client";
import { hasStatus, SmileLinksError } from "../../errors";
import { inPlaceChanges } from "../diff";
import { adoptionMismatches, compact } from "../outputs";
import type { LiveLink, SmileLinkInputs } from "../types";

/**
 * Takes over the existing link `refId` instead of making one: reads it, brings `idTypes` and
 * `isDisabled` in line with the program, and fails, changing nothing, when any other input
 * differs from the live link (those cannot change in place).
 */
export async function adopt(
  api: SmileLinksClient,
  inputs: SmileLinkInputs,
  refId: string,
): Promise<LiveLink> {
  const live = await api.get(refId).catch((error: unknown) => {
    if (hasStatus(error, 404)) {
      throw new SmileLinksError("validation", `adoptRefId: no link with ref_id "${refId}" exists`);
    }
    throw error;
  });
  const mismatches = adoptionMismatches(inputs, live);
  if (mismatches.length > 0) {
    const listed = mismatches
      .map(
        (m) => `${m.field}: program ${JSON.stringify(m.program)}, live ${JSON.stringify(m.live)}`,
      )
      .join("; ");
    throw new SmileLinksError(
      "validation",
      `adoptRefId ${refId}: these inputs differ from the live link and cannot change in place; ` +
        `make the program match the link, or drop adoptRefId to create a new one: ${listed}`,
    );
  }
  const changes = inPlaceChanges(live, inputs);
  const updated = Object.keys(changes).length > 0 ? await api.update(refId, changes) : undefined;
  return { ...live, ...compact(updated ?? {}), refId };
}
