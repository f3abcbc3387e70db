import type { Agent, ClientRequest } from "node:http";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";
import { SmileLinksError } from "../errors";

/** What a proxy answered to a tunnel's CONNECT. */
export interface ConnectAnswer {
  statusCode: number;
  statusText: string;
}

/**
 * The proxy the client reaches the API through, as `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
 * (either case) choose it: proxy-from-env reads them as curl does, and the agents of
 * https-proxy-agent (a CONNECT tunnel, for an https API) and http-proxy-agent (for an http one)
 * carry the requests. axios's own proxy code is turned off (http.ts).
 */
export interface ProxyRoute {
  /** The proxy's URL without its user or password: what messages show. */
  shown: string;
  /** The environment variable it came from, such as HTTPS_PROXY. */
  variable: string;
  /** True when the proxy holds a user or password. */
  hasCredentials: boolean;
  /** Its user and password as given, so that no message can show them. */
  secrets: string[];
  /** True for an https API: a CONNECT tunnel, so the proxy never sees a request. */
  tunnel: boolean;
  /**
   * The agent of one attempt. Its connection to the proxy ends with `signal` (the attempt's
   * deadline): a CONNECT the proxy never answers would otherwise keep its socket, and the
   * process, alive after the attempt gave up.
   */
  agentFor(signal: AbortSignal): Agent;
  /** The proxy's answer to this request's CONNECT; undefined before it came, or without one. */
  connectAnswer(request: unknown): ConnectAnswer | undefined;
}

/** The variable proxy-from-env took the proxy from: the lower-case name before the upper-case. */
function variableFor(scheme: string): string {
  const names = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, "all_proxy", "ALL_PROXY"];
  return names.find((name) => process.env[name]) ?? names[1]!;
}

/** The route to `apiUrl`, or undefined when no proxy applies (none set, or NO_PROXY lists it). */
export function proxyRoute(apiUrl: string): ProxyRoute | undefined {
  const proxy = getProxyForUrl(apiUrl);
  if (!proxy) return undefined;
  const scheme = new URL(apiUrl).protocol.slice(0, -1);
  const variable = variableFor(scheme);
  const url = parseProxyUrl(proxy, variable);
  const secrets = [url.username, url.password]
    .filter(Boolean)
    .flatMap((part) => [part, credential(part), encodeURIComponent(credential(part))]);
  // The agents decode the user and password themselves, and throw on "100%": give them each
  // part encoded from what it means, so that they send it as credential() reads it.
  url.username = encodeURIComponent(credential(url.username));
  url.password = encodeURIComponent(credential(url.password));
  const shown = `${url.protocol}//${url.host}`;
  const tunnel = scheme === "https";
  const answers = new WeakMap<ClientRequest, ConnectAnswer>();
  const agentFor = (signal: AbortSignal): Agent => {
    // The options reach net.connect (or tls.connect) of the connection to the proxy.
    if (!tunnel) return new HttpProxyAgent(url, { signal });
    const agent = new HttpsProxyAgent(url, { signal });
    agent.on("proxyConnect", (answer: ConnectAnswer, request: ClientRequest) => {
      answers.set(request, { statusCode: answer.statusCode, statusText: answer.statusText });
    });
    return agent;
  };
  return {
    shown,
    variable,
    hasCredentials: secrets.length > 0,
    secrets: [...new Set(secrets)],
    tunnel,
    agentFor,
    connectAnswer: (request) =>
      request && typeof request === "object" ? answers.get(request as ClientRequest) : undefined,
  };
}

/**
 * A user or password of a proxy URL as the proxy gets it: percent-decoded, or as given when it is
 * not valid percent-encoding (a password "100%", which WHATWG URL accepts as it is).
 */
function credential(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * `value` with everything between its scheme's "://" (or its start) and its last "@" hidden: a
 * user or password may hold "/", "?", "#" or "@" itself, so nothing before the last "@" is shown.
 */
function hideCredentials(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return value;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? "";
  return `${scheme}****${value.slice(at)}`;
}

/** The proxy's URL, or a config error naming the variable and the value (credentials hidden). */
function parseProxyUrl(value: string, variable: string): URL {
  const hidden = hideCredentials(value);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === "http:" || url.protocol === "https:") && url.hostname) return url;
  throw new SmileLinksError(
    "config",
    `${variable} must be the URL of an http or https proxy, such as ` +
      `http://proxy.example:3128 or http://user:password@proxy.example:3128; got "${hidden}".`,
    { setting: variable },
  );
}
