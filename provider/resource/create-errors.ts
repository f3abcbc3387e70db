import { SmileLinksError } from "../errors";
import { CREATE_MARKER_KEY } from "../model/create-marker";

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
  const searched =
    search.kind === "failed"
      ? `The API may have made the link anyway, and looking for it failed: ${messageOf(search.error)}.`
      : `No link with this create's marker appeared in the ${search.windowMs / 1000} s after ` +
        `each of its ${search.attempts} attempt(s), but the API may still make one.`;
  const message =
    `${failure.message}. ${searched} Such a link carries partner_params.${CREATE_MARKER_KEY} = ` +
    `"${marker}". The next pulumi up creates a new link, and this one, if it exists, stays ` +
    `enabled beside it: to take it over instead, run that up with smileid:adoptOrphans set to ` +
    `true (or SMILE_ID_ADOPT_ORPHANS=true), or disable it in the Smile ID portal.`;
  return new SmileLinksError(failure.kind, message, failure.details);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
}
