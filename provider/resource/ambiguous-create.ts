import type { CreatedLink, SmileLinksClient } from "../client/client";
import { settleLookTimes } from "../client/retry-timing";
import { isSmileLinksError, type SmileLinksError } from "../errors";
import type { LiveLink, SmileLinkInputs } from "../model/types";
import { ambiguousCreateError } from "./create-errors";

/**
 * True when the API may have made the link although the create has no trustworthy answer:
 * no answer (a timeout, a reset), any 5xx (a gateway can send one after the API did the work,
 * or while it still does it), or a 2xx whose body cannot be read.
 */
function mayHaveCreated(error: unknown): error is SmileLinksError {
  if (!isSmileLinksError(error)) return false;
  if (error.kind === "api") return (error.details.status ?? 0) >= 500;
  return error.details.ambiguous === true;
}

interface PostOptions {
  api: SmileLinksClient;
  inputs: SmileLinkInputs;
  /** This create's marker, the same for each of its attempts. */
  marker: string;
  /** Links the deployment holds: never taken as this create's. */
  knownIds: ReadonlySet<string>;
  /** The account's links, from a list that started after the call. */
  linksNow: () => Promise<LiveLink[]>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * POSTs the link so that a create without a trustworthy answer never makes a second one. After
 * such an answer the API may still be working: the provider looks for a link with this
 * create's marker on the settle schedule (client/retry-timing.ts), and POSTs again only when
 * the window has passed without one, within the client's retry budget: its attempts, and its
 * time outside the settle windows (which are the API's time, not a retry's backoff; counting
 * them would leave room for only three attempts). Only an enabled link with this exact marker,
 * not held by the deployment, counts as made.
 */
export async function postWithoutDuplicate(options: PostOptions): Promise<CreatedLink> {
  const { api, inputs, marker } = options;
  const { maxAttempts, maxElapsedMs, settleWindowMs } = api.retryPolicy;
  const startedAt = Date.now();
  let settling = 0;
  for (let attempt = 1; ; attempt++) {
    let failure: SmileLinksError;
    try {
      return await api.create(inputs, marker);
    } catch (error) {
      if (!mayHaveCreated(error)) throw error;
      failure = error;
    }
    const lookedFrom = Date.now();
    const made = await lookForLink(options, failure);
    if (made) return { refId: made.refId, url: made.url };
    settling += Date.now() - lookedFrom;
    if (attempt >= maxAttempts || Date.now() - startedAt - settling >= maxElapsedMs) {
      const search = { kind: "not found", attempts: attempt, windowMs: settleWindowMs } as const;
      throw ambiguousCreateError(failure, marker, search);
    }
  }
}

/** Looks for this create's link through the settle window; undefined when it never showed. */
async function lookForLink(
  { api, marker, knownIds, linksNow }: PostOptions,
  failure: SmileLinksError,
): Promise<LiveLink | undefined> {
  const answeredAt = Date.now();
  for (const lookAt of settleLookTimes(api.retryPolicy)) {
    await wait(Math.max(0, answeredAt + lookAt - Date.now()));
    let links: LiveLink[];
    try {
      links = await linksNow();
    } catch (error) {
      throw ambiguousCreateError(failure, marker, { kind: "failed", error });
    }
    const made = links.find(
      (link) => link.createMarker === marker && !link.isDisabled && !knownIds.has(link.refId),
    );
    if (made) return made;
  }
  return undefined;
}
