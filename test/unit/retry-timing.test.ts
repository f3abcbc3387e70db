import { describe, expect, it } from "vitest";
import {
  asksTooLong,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryBudget,
  retryDelay,
} from "../../provider/client/retry-timing";

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("retry timing", () => {
  it("doubles the backoff ceiling with each retry", () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, top))).toEqual([
      100, 200, 400, 800,
    ]);
  });

  it("caps the backoff at maxDelayMs", () => {
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
  });

  it("jitters the backoff between zero and its ceiling", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it("reads Retry-After in seconds", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
  });

  it("reads Retry-After as an HTTP date", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:00:03 GMT", now)).toBe(3_000);
  });

  it("ignores a missing or malformed Retry-After", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("prefers the server's Retry-After over backoff, beyond the backoff's cap", () => {
    expect(retryDelay(1, 700, policy, () => 1)).toBe(700);
    expect(retryDelay(1, 5_000, policy, () => 1)).toBe(5_000);
  });

  it("waits a Retry-After of 60 s in full, in seconds or as an HTTP date", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    const asked = [parseRetryAfter("60"), parseRetryAfter("Tue, 01 Jan 2030 00:01:00 GMT", now)];
    expect(asked.map((ms) => [retryDelay(1, ms, policy), asksTooLong(ms, policy)])).toEqual([
      [60_000, false],
      [60_000, false],
    ]);
  });

  it.each([
    ["61", 0],
    ["Tue, 01 Jan 2030 00:05:00 GMT", Date.parse("2030-01-01T00:00:00Z")],
  ])("will not wait a Retry-After of %s, longer than 60 s", (header, now) => {
    expect(asksTooLong(parseRetryAfter(header, now), policy)).toBe(true);
  });

  it("allows maxAttempts - 1 retries of failures other than 429", () => {
    const mayRetry = retryBudget({ ...policy, maxAttempts: 3 }, () => 0);
    expect([mayRetry(false), mayRetry(false), mayRetry(false)]).toEqual([true, true, false]);
  });

  it("lets 429s retry until the time budget is spent", () => {
    let now = 0;
    const mayRetry = retryBudget({ ...policy, maxAttempts: 1, maxElapsedMs: 1_000 }, () => now);
    expect([mayRetry(true), mayRetry(true)]).toEqual([true, true]);
    now = 1_000;
    expect(mayRetry(true)).toBe(false);
  });
});
