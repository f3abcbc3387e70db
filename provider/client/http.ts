import axios, {
  AxiosError,
  isAxiosError,
  type AxiosInstance,
  type InternalAxiosRequestConfig,
} from "axios";
import axiosRetry from "axios-retry";
import type { RequestGate } from "./concurrency";
import { failureFacts, markProxyFailure } from "./http-errors";
import type { ProxyRoute } from "./proxy";
import { asksTooLong, retryDelay, type RetryPolicy } from "./retry-timing";
import type { SignedFields } from "./signature";

/** What each request carries besides axios's own config. */
export interface RequestState {
  /** The body, less the signature fields, which each attempt adds afresh. */
  payload: Record<string, unknown>;
  /** Whether this failure may be retried; it keeps the operation's budget in its closure. */
  mayRetry: (error: AxiosError) => boolean;
  startedAt: number;
  /** The running attempt's deadline. */
  deadline?: { timer: NodeJS.Timeout; expired: boolean };
}

declare module "axios" {
  interface AxiosRequestConfig {
    smileLinks?: RequestState;
  }
}

/** A backstop only: each operation's retry budget ends retries long before. */
const MAX_RETRIES = 1_000;

/** The code axios gives a timeout, kept for the attempts this client's deadline ends. */
export const TIMEOUT_CODE = "ECONNABORTED";

export interface HttpOptions {
  apiUrl: string;
  timeoutMs: number;
  policy: RetryPolicy;
  gate: RequestGate;
  sign: () => SignedFields;
  /** The proxy to go through; none connects directly. */
  proxy?: ProxyRoute;
}

/**
 * The axios instance of the client: every attempt waits for the gate to open, is signed with
 * a fresh timestamp, must be answered within the timeout, and is retried by axios-retry as its
 * request's `mayRetry` allows, after the server's Retry-After or a backoff, within the time
 * budget. Through a proxy, each attempt has an agent of its own that its deadline ends; axios's
 * own proxy code is off.
 */
export function createHttp(options: HttpOptions): AxiosInstance {
  const { apiUrl, timeoutMs, policy, gate, sign, proxy } = options;
  const https = new URL(apiUrl).protocol === "https:";
  const http = axios.create({
    baseURL: apiUrl,
    // The API never redirects, and a signed body must not follow one elsewhere; without
    // follow-redirects, the request an error carries is the one the proxy's agent saw.
    maxRedirects: 0,
    proxy: false,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
  });
  http.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    await gate.whenOpen();
    // Signed here, not once up front, so that every retry carries a fresh timestamp. The
    // body is serialized here too: axios-retry re-sends without axios's own transform.
    config.data = JSON.stringify({ ...config.smileLinks?.payload, ...sign() });
    config.headers.delete("Content-Length");
    const signal = startDeadline(config, timeoutMs);
    if (proxy && signal) {
      const agent = proxy.agentFor(signal);
      if (https) config.httpsAgent = agent;
      else config.httpAgent = agent;
    }
    return config;
  });
  // Registered before axios-retry's, so it sees each attempt's end first: it stops the
  // attempt's deadline, tells a proxy's failure from the API's, and holds back all requests
  // for the Retry-After of every 429, the last one of an operation too.
  http.interceptors.response.use(
    (response) => {
      stopDeadline(response.config);
      return response;
    },
    (error: unknown) => {
      if (!isAxiosError(error) || !error.config) return Promise.reject(error);
      const failure = stopDeadline(error.config)
        ? new AxiosError(
            `no answer within ${timeoutMs} ms`,
            TIMEOUT_CODE,
            error.config,
            error.request,
          )
        : error;
      const atProxy = proxy && proxyStageFailure(proxy, failure);
      if (atProxy) markProxyFailure(failure, atProxy);
      const { status, retryAfterMs } = failureFacts(failure);
      if (status === 429 && retryAfterMs !== undefined && !asksTooLong(retryAfterMs, policy)) {
        gate.pauseUntil(Date.now() + retryAfterMs);
      }
      return Promise.reject(failure);
    },
  );
  axiosRetry(http, {
    retries: MAX_RETRIES,
    retryCondition: (error) => error.config?.smileLinks?.mayRetry(error) ?? false,
    retryDelay: (retry, error) => {
      const { retryAfterMs } = failureFacts(error);
      // A Retry-After is waited in full; a backoff only within the time budget.
      if (retryAfterMs !== undefined) return retryDelay(retry, retryAfterMs, policy);
      const state = error.config?.smileLinks;
      const remaining = state ? policy.maxElapsedMs - (Date.now() - state.startedAt) : 0;
      return Math.max(0, Math.min(retryDelay(retry, undefined, policy), remaining));
    },
  });
  return http;
}

/**
 * The attempt's deadline: the whole attempt (connecting, a proxy's CONNECT, TLS, the answer)
 * must end within the timeout. Its timer keeps the process alive, so a request that no event
 * will ever end still settles, at the deadline.
 */
function startDeadline(
  config: InternalAxiosRequestConfig,
  timeoutMs: number,
): AbortSignal | undefined {
  const state = config.smileLinks;
  if (!state) return undefined;
  const controller = new AbortController();
  const deadline = {
    expired: false,
    timer: setTimeout(() => {
      deadline.expired = true;
      controller.abort();
    }, timeoutMs),
  };
  state.deadline = deadline;
  config.signal = controller.signal;
  return controller.signal;
}

/** Stops the attempt's deadline; true when it had expired, which ended the attempt. */
function stopDeadline(config: InternalAxiosRequestConfig): boolean {
  const deadline = config.smileLinks?.deadline;
  if (!deadline) return false;
  clearTimeout(deadline.timer);
  config.smileLinks!.deadline = undefined;
  // axios-retry sends an aborted request again at once, without its delay.
  config.signal = undefined;
  return deadline.expired;
}

/** Failures to connect at all: through a plain http proxy, the connection is the proxy's. */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * The failure is the proxy's when the API cannot have got the request: through a tunnel, when
 * the proxy did not answer its CONNECT with 200 (its answer, a refusal, a timeout or a closed
 * connection); through a plain http proxy, when it could not be connected to or asked for
 * credentials (407).
 */
function proxyStageFailure(proxy: ProxyRoute, error: AxiosError) {
  if (!proxy.tunnel) {
    if (error.response?.status === 407) return { status: 407 };
    return !error.response && CONNECT_CODES.has(error.code ?? "") ? {} : undefined;
  }
  const answer = proxy.connectAnswer(error.request);
  if (answer?.statusCode === 200) return undefined;
  return answer ? { status: answer.statusCode, statusText: answer.statusText } : {};
}
