import axios, {
  isAxiosError,
  type AxiosError,
  type AxiosInstance,
  type InternalAxiosRequestConfig,
} from "axios";
import axiosRetry from "axios-retry";
import type { RequestGate } from "./concurrency";
import { parseRetryAfter, retryDelay, type RetryPolicy } from "./retry-timing";
import type { SignedFields } from "./signature";

/** What each request carries besides axios's own config. */
export interface RequestState {
  /** The body, less the signature fields, which each attempt adds afresh. */
  payload: Record<string, unknown>;
  /** Whether this failure may be retried; it keeps the operation's budget in its closure. */
  mayRetry: (error: AxiosError) => boolean;
  startedAt: number;
}

declare module "axios" {
  interface AxiosRequestConfig {
    smileLinks?: RequestState;
  }
}

/** A backstop only: each operation's retry budget ends retries long before. */
const MAX_RETRIES = 1_000;

export interface HttpOptions {
  apiUrl: string;
  timeoutMs: number;
  policy: RetryPolicy;
  gate: RequestGate;
  sign: () => SignedFields;
}

/**
 * The axios instance of the client: every attempt waits for the gate to open, is signed with
 * a fresh timestamp, and is retried by axios-retry as its request's `mayRetry` allows, after
 * the server's Retry-After or a backoff, within the time budget.
 */
export function createHttp({ apiUrl, timeoutMs, policy, gate, sign }: HttpOptions): AxiosInstance {
  const http = axios.create({
    baseURL: apiUrl,
    timeout: timeoutMs,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
  });
  http.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    await gate.whenOpen();
    // Signed here, not once up front, so that every retry carries a fresh timestamp. The
    // body is serialized here too: axios-retry re-sends without axios's own transform.
    config.data = JSON.stringify({ ...config.smileLinks?.payload, ...sign() });
    config.headers.delete("Content-Length");
    return config;
  });
  // Every 429 holds back all requests for its Retry-After, the last one of an operation
  // too: registered before axios-retry's, so it sees each failed answer first.
  http.interceptors.response.use(undefined, (error: unknown) => {
    const response = isAxiosError(error) ? error.response : undefined;
    const retryAfterMs = parseRetryAfter(response?.headers?.["retry-after"]);
    if (response?.status === 429 && retryAfterMs !== undefined) {
      gate.pauseUntil(Date.now() + Math.min(retryAfterMs, policy.maxDelayMs));
    }
    return Promise.reject(error);
  });
  axiosRetry(http, {
    retries: MAX_RETRIES,
    shouldResetTimeout: true,
    retryCondition: (error) => error.config?.smileLinks?.mayRetry(error) ?? false,
    retryDelay: (retry, error) => {
      const retryAfterMs = parseRetryAfter(error.response?.headers?.["retry-after"]);
      const state = error.config?.smileLinks;
      const remaining = state ? policy.maxElapsedMs - (Date.now() - state.startedAt) : 0;
      return Math.max(0, Math.min(retryDelay(retry, retryAfterMs, policy), remaining));
    },
  });
  return http;
}
