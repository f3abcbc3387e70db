/**
 * After a create without a trustworthy answer (a 5xx from a gateway, a broken connection), the
 * API may still be working on it: when the provider looks for the link it may have made, and
 * how long it waits before it creates again.
 */
export interface SettlePolicy {
  /** How long the API may still be working on the create; a new POST comes only after it. */
  windowMs: number;
  /** The first look; each later one waits twice as long as the one before. */
  firstLookMs: number;
}

export const DEFAULT_SETTLE_POLICY: SettlePolicy = {
  // A gateway gives up when the API is loaded, which is when a create is slowest: the window
  // outlasts such a create by a wide margin (docs/reliability.md, "Why 15 s").
  windowMs: 15_000,
  firstLookMs: 500,
};

/**
 * When a create without a trustworthy answer looks for its link, in ms after that answer: first
 * at `firstLookMs`, then at intervals that double, the last look at `windowMs`. The defaults
 * give 0.5, 1.5, 3.5, 7.5 and 15 s: a link that lands soon is found soon, and a slow one costs
 * few lists.
 */
export function settleLookTimes(policy: SettlePolicy): number[] {
  const times: number[] = [];
  for (
    let gap = Math.max(1, policy.firstLookMs), at = gap;
    at < policy.windowMs;
    gap *= 2, at += gap
  ) {
    times.push(at);
  }
  return [...times, policy.windowMs];
}
