import type { SmileLinksClient } from "../../client/client";
import { hasStatus } from "../../errors";
import type { LiveLink } from "../types";

/**
 * Finding a link by the create marker in its partner params, wherever the API shows them: in
 * list answers when they carry `partner_params`; otherwise in a get of each link that could be
 * the one sought. No public caller shows which answers carry the field (docs: both do).
 */

/** Gets at most this many candidates per search; any beyond stay unresolved. */
const MAX_CANDIDATE_GETS = 10;

/**
 * How far a link's `created_at` may be before the search began and still count as made since:
 * the API's clock and ours differ. Generous, since a link wrongly counted only makes the search
 * stop sooner, while one wrongly left out could be made a second time.
 */
export const CLOCK_SLACK_MS = 10 * 60_000;

export interface MarkedLinkSearch {
  /** True for the marker sought (this create's, or any of one resource's). */
  matches: (marker: string) => boolean;
  /** Only links of this name are fetched one by one when the list hides their marker. */
  name: string;
  /** Only links made since then (ms since the epoch, less CLOCK_SLACK_MS) are fetched. */
  since?: number;
  /** Links the deployment holds: never the one sought. */
  knownIds: ReadonlySet<string>;
  /** Get answers of earlier looks, by ref id, so that no link is fetched twice. */
  fetched: Map<string, LiveLink | undefined>;
}

/** Whether answers carried `partner_params` at all: undefined when none was seen. */
export interface ParamsEvidence {
  list?: boolean;
  get?: boolean;
}

export interface MarkedLinkResult {
  found?: LiveLink;
  /** Links that may be the one sought: no answer showed their marker. */
  unresolved: LiveLink[];
  evidence: ParamsEvidence;
}

/**
 * Whether an answer shows a link's marker, or its absence: partner params as an object, or as
 * null where the same list shows other links' as objects (an API that echoes them, on a link
 * made without any). A link whose field is absent, or null where no object was seen, is unread.
 */
function showsMarker(link: LiveLink, objectsShown: boolean): boolean {
  return link.paramsShown === "object" || (link.paramsShown === "null" && objectsShown);
}

function madeSince(link: LiveLink, since: number | undefined): boolean {
  if (since === undefined || !link.createdAt) return true;
  const at = Date.parse(link.createdAt);
  return Number.isNaN(at) || at >= since - CLOCK_SLACK_MS;
}

function carried(links: LiveLink[]): boolean | undefined {
  return links.length === 0 ? undefined : links.some((link) => link.paramsShown !== "absent");
}

/**
 * Looks for an enabled link, not held by the deployment, whose marker `search` matches: in the
 * listed links, then by a get of each candidate whose marker the list does not show (enabled,
 * same name, made since the search began). Candidates no answer shows are returned unresolved.
 */
export async function findMarkedLink(
  api: SmileLinksClient,
  listed: LiveLink[],
  search: MarkedLinkSearch,
): Promise<MarkedLinkResult> {
  const objectsShown = listed.some((link) => link.paramsShown === "object");
  const open = (link: LiveLink) => !link.isDisabled && !search.knownIds.has(link.refId);
  const sought = (link: LiveLink) =>
    open(link) && link.createMarker !== undefined && search.matches(link.createMarker);
  const evidence: ParamsEvidence = { list: carried(listed) };
  const found = listed.find(sought);
  if (found) return { found, unresolved: [], evidence };
  const candidates = listed.filter(
    (link) =>
      open(link) &&
      !showsMarker(link, objectsShown) &&
      link.name === search.name &&
      madeSince(link, search.since),
  );
  const fetched: LiveLink[] = [];
  const unresolved: LiveLink[] = candidates.slice(MAX_CANDIDATE_GETS);
  for (const candidate of candidates.slice(0, MAX_CANDIDATE_GETS)) {
    const live = await fetchOnce(api, candidate.refId, search.fetched);
    if (!live) continue;
    fetched.push(live);
    if (sought(live)) return { found: live, unresolved: [], evidence: { ...evidence, get: true } };
    if (!showsMarker(live, objectsShown)) unresolved.push(candidate);
  }
  return { unresolved, evidence: { ...evidence, get: carried(fetched) } };
}

/** One get of a link per search; a link the API no longer knows is undefined. */
async function fetchOnce(
  api: SmileLinksClient,
  refId: string,
  fetched: Map<string, LiveLink | undefined>,
): Promise<LiveLink | undefined> {
  if (fetched.has(refId)) return fetched.get(refId);
  const live = await api.get(refId).catch((error: unknown) => {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  });
  fetched.set(refId, live);
  return live;
}
