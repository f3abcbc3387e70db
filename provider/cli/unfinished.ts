import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";

/**
 * A command whose promise is still pending when Node.js has nothing left to wait for would end
 * with exit status 0 and no word: an HTTP agent that drops a connection without an error (as
 * one that loses a proxy's CONNECT does) leaves its request with no socket, no timer and no
 * answer. The CLI's error boundary (main.ts) turns that end into exit 1 and the one line made
 * here, naming the requests left unanswered, which it learns from Node's HTTP diagnostics
 * channels (so whatever agent or client sends them).
 */

/** A request sent and not answered: `POST https://api.example/v1/smile_links/:list`. */
export type UnansweredRequest = string;

/** Starts recording this process's HTTP requests; the returned function lists those unanswered. */
export function watchUnansweredRequests(): () => UnansweredRequest[] {
  const pending = new Map<ClientRequest, UnansweredRequest>();
  const settle = (message: unknown) =>
    pending.delete((message as { request: ClientRequest }).request);
  const sent = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    pending.set(request, requestLine(request));
  };
  // `created` (Node.js 22.14 and later) sees a request that never gets a socket, which `start`
  // (published once the request is written to its socket) does not.
  subscribe("http.client.request.created", sent);
  subscribe("http.client.request.start", sent);
  subscribe("http.client.response.finish", settle);
  subscribe("http.client.request.error", settle);
  return () => [...pending.values()];
}

/** `METHOD url` of a request, without credentials; the Host header carries a port that `host` lacks. */
function requestLine(request: ClientRequest): UnansweredRequest {
  // Through a proxy without a tunnel, the path is the whole URL already.
  const host = request.getHeader("host") ?? request.host;
  const url = request.path.startsWith("/")
    ? `${request.protocol}//${String(host)}${request.path}`
    : request.path;
  return `${request.method} ${url.replace(/\/\/[^/@]*@/, "//")}`;
}

/** What each command leaves undone when it stops early; a command not listed leaves nothing. */
const LEFT_UNDONE: Record<string, string> = {
  export: "nothing was written",
  doctor: "no verdict was reached, so the provider is not known to be safe here",
  audit: "no findings were reported",
};

/**
 * The one line for a command that stopped before its work finished: what it was waiting for
 * (every request sent, on Node.js 22.14 and later), what that leaves undone, and the way forward.
 */
export function unfinishedMessage(
  command: string | undefined,
  unanswered: readonly UnansweredRequest[],
): string {
  const who = command ? `smile-links ${command}` : "smile-links";
  const undone = command && LEFT_UNDONE[command] ? `; ${LEFT_UNDONE[command]}` : "";
  const [first] = unanswered;
  const more = unanswered.length > 1 ? ` (and ${unanswered.length - 1} more request(s))` : "";
  const what = first
    ? `stopped before the API answered ${first}${more}`
    : "stopped before it finished, with nothing left to wait for";
  return (
    `${who}: ${what}${undone}. Neither an answer nor an error came back (a proxy that drops ` +
    "the connection can do this): check HTTPS_PROXY, HTTP_PROXY and NO_PROXY, then run it " +
    "again; if it happens without a proxy, please report it."
  );
}
