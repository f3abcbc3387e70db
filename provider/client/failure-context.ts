import type { SettingNames } from "../settings";
import type { ProxyRoute } from "./proxy";
import type { RetryPolicy } from "./retry-timing";

/** Where a request went and how, for its error messages. */
export interface FailureContext {
  /** The operation: `create link "x"`. */
  what: string;
  /** `POST https://.../v1/smile_links`. */
  request: string;
  apiUrl: string;
  names: SettingNames;
  timeoutMs: number;
  policy: RetryPolicy;
  proxy?: ProxyRoute;
  /** Removes any secret an answer or a proxy might echo back. */
  redact: (text: string) => string;
}

/** How a message says that the API cannot have got the request. */
export const NOT_SENT = "so nothing reached the API";
