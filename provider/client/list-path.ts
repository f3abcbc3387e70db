import { isSmileLinksError } from "../errors";

/**
 * The list endpoint's last path segment. The docs write `POST /v1/smile_links/:list`, which may
 * be the literal path or their placeholder style for `/list`; no public caller settles it.
 */
export type ListPath = ":list" | "list";

/** Tried in this order: the path as the docs write it first. */
export const LIST_PATHS: readonly [documented: ListPath, other: ListPath] = [":list", "list"];

/**
 * Which path answered, per API URL, for the rest of the process: once known, a list costs no
 * extra request. A memo of a fact about each API, not state of any one client.
 */
const answered = new Map<string, ListPath>();

export function knownListPath(apiUrl: string): ListPath | undefined {
  return answered.get(apiUrl);
}

export function rememberListPath(apiUrl: string, path: ListPath): void {
  answered.set(apiUrl, path);
}

/** Words of an answer that says there is no such link or route. */
const NO_SUCH = /not found|no such|does not exist|unknown (link|route|ref)|invalid ref_?id/i;

/**
 * True when a list request's failure says this path is not the list: a 404 or 405, a 400 or
 * 422 that says there is no such link (an API that takes the segment for a link id), or a 2xx
 * answer that is not a list page. A refusal of the credentials, a 5xx or a broken connection
 * says nothing about the path.
 */
export function isNotTheList(error: unknown): boolean {
  if (!isSmileLinksError(error)) return false;
  if (error.kind === "response") return true;
  if (error.kind !== "api" || error.details.refused) return false;
  const status = error.details.status ?? 0;
  if (status === 404 || status === 405) return true;
  return (status === 400 || status === 422) && NO_SUCH.test(error.message);
}
