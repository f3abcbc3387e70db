/** How long retries may take, in attempts and in time. */
export interface RetryPolicy {
  /** Attempts in all, the first included; answers of 429 do not count. */
  maxAttempts: number;
  /** No retry starts after this much time since the first attempt. */
  maxElapsedMs: number;
  /** Delay before the first retry; doubles with each one, with full jitter. */
  baseDelayMs: number;
  /** Upper bound of one backoff delay. */
  maxDelayMs: number;
  /**
   * The longest Retry-After waited, in full; a longer one ends the operation at once, as Smile's
   * SDKs never wait longer either.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** Exponential backoff with full jitter: uniform in [0, base * 2^(retry-1)], capped. */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

/** A Retry-After header in milliseconds: delta-seconds or an HTTP date; undefined if absent or bad. */
export function parseRetryAfter(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** True when the server asks for a wait the client does not make (over `maxRetryAfterMs`). */
export function asksTooLong(retryAfterMs: number | undefined, policy: RetryPolicy): boolean {
  return retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs;
}

/**
 * The wait before retry number `retry`: the server's Retry-After, in full (a longer one than
 * `maxRetryAfterMs` is never retried, see `asksTooLong`), else backoff.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelay(retry, policy, random);
}

/**
 * One operation's retry budget, asked after each failure: a 429 (the API asking us to wait)
 * is bounded by time alone, any other failure by attempts and time.
 */
export function retryBudget(
  policy: RetryPolicy,
  now: () => number = Date.now,
): (throttled: boolean) => boolean {
  const startedAt = now();
  let failures = 0;
  return (throttled) => {
    if (now() - startedAt >= policy.maxElapsedMs) return false;
    if (throttled) return true;
    failures += 1;
    return failures < policy.maxAttempts;
  };
}
