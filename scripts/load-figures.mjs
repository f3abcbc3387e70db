// Figures of a load run, computed from the emulator's request log and its links: pure
// functions shared by `npm run load` (scripts/load.mjs) and test/engine/load.test.ts.

/**
 * @typedef {object} LoggedRequest one entry of the emulator's request log
 * @property {string} method
 * @property {string} path
 * @property {number} status the status sent, 0 for a dropped connection
 * @property {number} ms time from arrival to answer
 * @property {string} at arrival time, ISO 8601
 */

/**
 * @typedef {object} StoredLinkLike
 * @property {string} ref_id
 * @property {string} name
 * @property {string | null} disabled_at
 * @property {Record<string, string> | null} partner_params
 */

/**
 * Time between the emulator sending a 429 and the client pausing: requests the client started
 * in between arrive within it (docs/reliability.md, "Figures", gives how long that took here).
 */
const PAUSE_GRACE_MS = 250;

/**
 * A request's route, with link ids folded: `POST /smile_links`, `POST /smile_links/:id`...
 *
 * @param {LoggedRequest} request
 */
export function routeOf(request) {
  const path = request.path.replace(/^\/v1/, "");
  if (path === "/smile_links" || path === "/smile_links/:list") return `${request.method} ${path}`;
  return `${request.method} ${path.replace(/^\/smile_links\/[^/]+$/, "/smile_links/:id")}`;
}

/** @param {number} status */
function statusClass(status) {
  if (status === 0) return "dropped";
  if (status === 429) return "429";
  if (status >= 500) return "5xx";
  return String(status);
}

/**
 * The most requests the emulator was working on at once: a sweep over [arrival, answer].
 *
 * @param {LoggedRequest[]} requests
 */
export function maxInFlight(requests) {
  /** @type {[number, number][]} time and +1 at arrival, -1 at answer (answers first on ties) */
  const events = [];
  for (const request of requests) {
    const start = Date.parse(request.at);
    events.push([start, 1], [start + request.ms, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, change] of events) {
    current += change;
    max = Math.max(max, current);
  }
  return max;
}

/**
 * Requests that arrived while a Retry-After was in force: later than PAUSE_GRACE_MS after a
 * 429 was answered and before its Retry-After ran out. A client that backs off together sends
 * none.
 *
 * @param {LoggedRequest[]} requests
 * @param {number} retryAfterSeconds
 */
export function arrivalsDuringRetryAfter(requests, retryAfterSeconds) {
  const windows = requests
    .filter((request) => request.status === 429)
    .map((request) => {
      const answered = Date.parse(request.at) + request.ms;
      return [answered + PAUSE_GRACE_MS, answered + retryAfterSeconds * 1000];
    });
  return requests.filter((request) => {
    const arrived = Date.parse(request.at);
    return windows.some(([from, to]) => arrived > from && arrived < to);
  }).length;
}

/**
 * Counts of the request log: by status class and by route, the failed answers that were
 * retried (every failure is, when the run ended well), and concurrency.
 *
 * @param {LoggedRequest[]} requests
 * @param {{ retryAfterSeconds: number }} options
 */
export function requestFigures(requests, { retryAfterSeconds }) {
  /** @type {Record<string, number>} */
  const byStatus = { 200: 0, 429: 0, "5xx": 0, dropped: 0 };
  /** @type {Record<string, number>} */
  const byRoute = {};
  for (const request of requests) {
    const status = statusClass(request.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const route = routeOf(request);
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  const failed = requests.filter((r) => r.status === 0 || r.status === 429 || r.status >= 500);
  const first = Math.min(...requests.map((r) => Date.parse(r.at)));
  const last = Math.max(...requests.map((r) => Date.parse(r.at) + r.ms));
  return {
    total: requests.length,
    byStatus,
    byRoute,
    failedAnswers: failed.length,
    /** Creates answered 5xx or dropped: each makes the provider look for its link, listing. */
    ambiguousCreates: failed.filter((r) => routeOf(r) === "POST /smile_links" && r.status !== 429)
      .length,
    maxInFlight: maxInFlight(requests),
    arrivalsDuringRetryAfter: arrivalsDuringRetryAfter(requests, retryAfterSeconds),
    apiSeconds: requests.length > 0 ? (last - first) / 1000 : 0,
  };
}

/**
 * The emulator's links by name: how many, how many enabled, and the names held by more than
 * one link (a duplicate made by a create that was repeated).
 *
 * @param {StoredLinkLike[]} links
 */
export function linkFigures(links) {
  /** @type {Map<string, number>} */
  const perName = new Map();
  for (const link of links) perName.set(link.name, (perName.get(link.name) ?? 0) + 1);
  return {
    count: links.length,
    enabled: links.filter((link) => link.disabled_at === null).length,
    uniqueNames: perName.size,
    duplicateNames: [...perName].filter(([, count]) => count > 1).map(([name]) => name),
  };
}
