import type { SmileLinksClient } from "../client/client";
import { isSmileLinksError } from "../errors";
import { newCreateMarker } from "../model/create-marker";
import { toOutputs } from "../model/outputs";
import type { LiveLink, SmileLinkInputs } from "../model/types";

/** Creates tried when each one's answer is lost and no link turns up for its marker. */
const MAX_CREATE_ROUNDS = 3;
/** Time for a create still in flight at the API to land before the links are listed. */
const SETTLE_MS = 500;

/**
 * A failed create that did make a link. The host turns `id` and `properties` into a
 * partially created resource in state (so it is never orphaned) and the next `up` updates it.
 */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/**
 * True when the API may have made the link although the create failed: no answer (a
 * timeout or a reset) or a 5xx, which a proxy can send after the API did the work.
 */
export function mayHaveCreated(error: unknown): boolean {
  if (!isSmileLinksError(error)) return false;
  if (error.kind === "network") return error.details.ambiguous === true;
  return error.kind === "api" && (error.details.status ?? 0) >= 500;
}

/**
 * Creates a link so that a lost answer never makes a second link nor orphans one: each
 * create carries a fresh marker; after an ambiguous failure the account's links are listed
 * and the one with the marker is taken as made; if none has it, the create is tried again.
 */
async function createOnce(api: SmileLinksClient, inputs: SmileLinkInputs) {
  const marker = newCreateMarker();
  let lastError: unknown;
  for (let round = 1; round <= MAX_CREATE_ROUNDS; round++) {
    try {
      return await api.create(inputs, marker);
    } catch (error) {
      if (!mayHaveCreated(error)) throw error;
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const made = (await api.list()).find((link) => link.createMarker === marker);
      if (made) return { refId: made.refId, url: made.url };
    }
  }
  throw lastError;
}

/**
 * Makes a link with one POST; its outputs come from the answer (`ref_id`, `link`) and the
 * inputs, since a new link has no jobs and is not disabled. Reading it back would double the
 * API calls of a large deploy for `createdAt` and `updatedAt` alone, which the next refresh
 * fills in. A link the program wants disabled is disabled right after, with one PUT.
 */
export async function createLink(
  api: SmileLinksClient,
  inputs: SmileLinkInputs,
  providerText: unknown,
  location: { apiUrl: string; partnerId: string },
): Promise<LiveLink> {
  const created = await createOnce(api, inputs);
  const made: LiveLink = { ...created, idTypes: inputs.idTypes, isDisabled: false };
  if (!inputs.isDisabled) return made;
  try {
    const disabled = await api.update(created.refId, { isDisabled: true });
    return { ...made, ...disabled, url: disabled.url || created.url, refId: created.refId };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartialCreateError(
      `link ${created.refId} was created, but disabling it failed: ${reason}`,
      created.refId,
      { ...toOutputs(inputs, made, location), __provider: providerText },
      [reason],
    );
  }
}
