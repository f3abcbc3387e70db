import { clause, messageOf, SmileLinksError } from "../../errors";
import { CREATE_MARKER_KEY } from "../create-marker";
import type { LiveLink } from "../types";

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

/** What became of the search for the link a create without a trustworthy answer may have made. */
type SearchOutcome =
  { kind: "not found"; attempts: number; windowMs: number } | { kind: "failed"; error: unknown };

/**
 * The error of a create that may have made a link and could not find it: the create's own
 * failure (its kind and details kept), then that a link may exist, under which marker, and
 * what the next `up` will do about it.
 */
export function ambiguousCreateError(
  failure: SmileLinksError,
  marker: string,
  search: SearchOutcome,
): SmileLinksError {
  // The search's own full stop is dropped: the sentence that quotes it adds one.
  const searched =
    search.kind === "failed"
      ? "The API may have made the link anyway, and looking for it failed: " +
        `${clause(messageOf(search.error))}.`
      : `No link with this create's marker appeared in the ${search.windowMs / 1000} s after ` +
        `each of its ${search.attempts} attempt(s), but the API may still make one.`;
  const message =
    `${clause(failure.message)}. ${searched} Such a link carries partner_params.${CREATE_MARKER_KEY} = ` +
    `"${marker}". The next pulumi up creates a new link, and this one, if it exists, stays ` +
    `enabled beside it: to take it over instead, run that up with smileid:adoptOrphans set to ` +
    `true (or SMILE_ID_ADOPT_ORPHANS=true), or disable it in the Smile ID portal.`;
  return new SmileLinksError(failure.kind, message, failure.details);
}

/** What to do about links a create may have made, which the provider cannot tell apart. */
const TAKE_OVER_ADVICE =
  "To take a link over, set adoptRefId to its ref id on this resource and run pulumi up " +
  "again; smile-links export lists the account's links with their ref ids. If none is this " +
  "resource's, run pulumi up again to create a new link.";

/**
 * The error of a create that may have made a link where no answer shows markers: enabled links
 * of its name appeared since it began, and none can be told apart from a link made otherwise.
 * The provider did not POST again, so at most one of them is this create's.
 */
export function undecidableCreateError(
  failure: SmileLinksError,
  name: string,
  candidates: readonly LiveLink[],
): SmileLinksError {
  const ids = candidates.map((link) => link.refId).join(", ");
  const message =
    `${clause(failure.message)}. A link may have been made: ${candidates.length} enabled link(s) named ` +
    `"${name}" appeared since this create began (ref_id ${ids}), and this API shows ` +
    `partner_params in neither its list nor its get answers, so the provider cannot tell ` +
    `whether one is this create's. It did not POST again. ${TAKE_OVER_ADVICE}`;
  return new SmileLinksError(failure.kind, message, failure.details);
}

/**
 * The error of a create without a trustworthy answer, after a window in which no link of its
 * name appeared, on an API that shows markers nowhere: a link that appears later could not be
 * told apart, so the provider does not POST again.
 */
export function markersHiddenCreateError(
  failure: SmileLinksError,
  name: string,
  windowMs: number,
): SmileLinksError {
  const message =
    `${clause(failure.message)}. A link may have been made: none named "${name}" appeared in the ` +
    `${windowMs / 1000} s after the create, but the API may still make one, and this API shows ` +
    `partner_params in neither its list nor its get answers, so the provider could not tell it ` +
    `from another link. It did not POST again. ${TAKE_OVER_ADVICE}`;
  return new SmileLinksError(failure.kind, message, failure.details);
}
