import type { CreatedLink, SmileLinksClient } from "../../client/client";
import { isSmileLinksError, type SmileLinksError } from "../../errors";
import type { LiveLink, SmileLinkInputs } from "../types";
import {
  ambiguousCreateError,
  markersHiddenCreateError,
  undecidableCreateError,
} from "./create-errors";
import { findMarkedLink, type ParamsEvidence } from "./marked-link";
import { DEFAULT_SETTLE_POLICY, settleLookTimes, type SettlePolicy } from "./settle-timing";

/**
 * True when the API may have made the link although the create has no trustworthy answer:
 * no answer (a timeout, a reset), any 5xx (a gateway can send one after the API did the work,
 * or while it still does it), a 408 (a server or gateway that stopped waiting, which Smile's
 * SDKs retry only where a repeat is harmless), or a 2xx whose body cannot be read.
 */
function mayHaveCreated(error: unknown): error is SmileLinksError {
  if (!isSmileLinksError(error)) return false;
  if (error.kind === "api") {
    const status = error.details.status ?? 0;
    return status >= 500 || status === 408;
  }
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
  /** When to look for the link after an answer that is not trustworthy; the default if absent. */
  settle?: SettlePolicy;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the looks through one settle window saw. */
type Sighting =
  | { kind: "found"; link: LiveLink }
  /** Links that may be this create's, which no answer can tell apart from others. */
  | { kind: "undecidable"; candidates: LiveLink[] }
  /** Nothing that could be this create's; `markersHidden` when the API shows no marker anywhere. */
  | { kind: "none"; markersHidden: boolean };

/**
 * POSTs the link so that a create without a trustworthy answer never makes a second one. After
 * such an answer the API may still be working: the provider looks for a link with this
 * create's marker on the settle schedule (settle-timing.ts), in list answers or, where
 * those hide partner params, in gets of the links that could be this create's
 * (marked-link.ts). It POSTs again only when the window has passed with no such link, within
 * the client's retry budget: its attempts, and its time outside the settle windows (which are
 * the API's time, not a retry's backoff; counting them would leave room for only three
 * attempts). Where no answer shows markers it never POSTs again: a candidate it cannot tell
 * apart from another link, or a window without one, ends the create with an error that names
 * what it saw.
 */
export async function postWithoutDuplicate(options: PostOptions): Promise<CreatedLink> {
  const { api, inputs, marker, settle = DEFAULT_SETTLE_POLICY } = options;
  const { maxAttempts, maxElapsedMs } = api.retryPolicy;
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
    const sighting = await lookForLink({ ...options, settle }, failure, startedAt);
    if (sighting.kind === "found") return { refId: sighting.link.refId, url: sighting.link.url };
    if (sighting.kind === "undecidable") {
      throw undecidableCreateError(failure, inputs.name, sighting.candidates);
    }
    if (sighting.markersHidden)
      throw markersHiddenCreateError(failure, inputs.name, settle.windowMs);
    settling += Date.now() - lookedFrom;
    if (attempt >= maxAttempts || Date.now() - startedAt - settling >= maxElapsedMs) {
      const search = { kind: "not found", attempts: attempt, windowMs: settle.windowMs } as const;
      throw ambiguousCreateError(failure, marker, search);
    }
  }
}

/**
 * Looks for this create's link through the settle window. A link that may be this create's
 * but shows no marker ends the looking at once: waiting cannot tell it apart.
 */
async function lookForLink(
  { api, inputs, marker, knownIds, linksNow, settle }: PostOptions & { settle: SettlePolicy },
  failure: SmileLinksError,
  createStartedAt: number,
): Promise<Sighting> {
  const answeredAt = Date.now();
  const search = {
    matches: (found: string) => found === marker,
    name: inputs.name,
    since: createStartedAt,
    knownIds,
    fetched: new Map<string, LiveLink | undefined>(),
  };
  let last: { listed: LiveLink[]; evidence: ParamsEvidence } = { listed: [], evidence: {} };
  for (const lookAt of settleLookTimes(settle)) {
    await wait(Math.max(0, answeredAt + lookAt - Date.now()));
    try {
      const listed = await linksNow();
      const { found, unresolved, evidence } = await findMarkedLink(api, listed, search);
      if (found) return { kind: "found", link: found };
      if (unresolved.length > 0) return { kind: "undecidable", candidates: unresolved };
      last = { listed, evidence };
    } catch (error) {
      throw ambiguousCreateError(failure, marker, { kind: "failed", error });
    }
  }
  try {
    return { kind: "none", markersHidden: await markersHidden(api, last) };
  } catch (error) {
    throw ambiguousCreateError(failure, marker, { kind: "failed", error });
  }
}

/**
 * True when the API is seen to show partner params in neither list nor get answers: the list's
 * links lack the field, and so does a get (one of a listed link, unless the looks made one).
 * An account without links shows nothing either way, and has no link this create could have made.
 */
async function markersHidden(
  api: SmileLinksClient,
  { listed, evidence }: { listed: LiveLink[]; evidence: ParamsEvidence },
): Promise<boolean> {
  if (evidence.list !== false) return false;
  if (evidence.get !== undefined) return !evidence.get;
  return (await api.get(listed[0]!.refId)).paramsShown === "absent";
}
