import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { createApp, type EmulatorApp } from "./app";
import { EMULATOR_CREDENTIALS } from "./auth";
import type { RequestRecord } from "./context";
import { FaultController } from "./fault-decision";
import type { FaultSettings } from "./faults";
import { MAX_BODY_BYTES, type EmulatorRequest } from "./read-body";
import { parseReading, type ApiReading } from "./reading";
import { LinkStore } from "./store";

export interface EmulatorOptions {
  /** 0 or absent picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `EMULATOR_CREDENTIALS.partnerId`. */
  partnerId?: string;
  /** Default `EMULATOR_CREDENTIALS.apiKey`. */
  apiKey?: string;
  /** JSON file the links are loaded from and saved to, so they survive a restart. */
  dataFile?: string;
  /** Links per list page; default 20. */
  pageSize?: number;
  /** How far a request's timestamp may be from now; default 5 minutes. */
  signatureWindowMs?: number;
  /** Faults from the start; all off by default. */
  faults?: FaultSettings;
  /**
   * The reading of the docs to play, fixed for the emulator's lifetime; a field not given
   * takes its documented choice (DOCUMENTED_READING). A bad value makes the start fail.
   */
  reading?: Partial<ApiReading>;
}

export interface RunningEmulator {
  /** The API root, `http://HOST:PORT/v1`. */
  url: string;
  /** Stops the server, cutting open connections, after pending work and data file writes. */
  close(): Promise<void>;
  /** Resolves once the work that faults left to run later (work "later") is done. */
  idle(): Promise<void>;
  faults: FaultController;
  /** Live log of the API and link page requests, oldest first (admin requests are not logged). */
  requests: RequestRecord[];
  clearRequests(): void;
  /** The links, for tests to read, plus `recordJobs` to simulate verification jobs. */
  store: LinkStore;
  /** The reading of the docs it plays, every field filled in. */
  reading: Readonly<ApiReading>;
}

/**
 * Reads the body up to MAX_BODY_BYTES. A larger body is not read further: the request is
 * flagged, answered 413 by the app, and the connection closed with the answer.
 */
function readBody(req: IncomingMessage): Promise<Pick<EmulatorRequest, "body" | "bodyTooLarge">> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve({ body: "", bodyTooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData).pause();
        resolve({ body: "", bodyTooLarge: true });
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve({ body: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
  });
}

async function handle(
  app: EmulatorApp,
  requests: RequestRecord[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = Date.now();
  const path = req.url ?? "/";
  const { body, bodyTooLarge } = await readBody(req);
  const response = await app({
    method: req.method ?? "GET",
    path,
    headers: req.headers,
    body,
    bodyTooLarge,
  });
  // The admin routes are the test's own controls, not traffic under test.
  if (path.split("/")[1] !== "__emulator") {
    requests.push({
      method: req.method ?? "GET",
      path: path.split("?")[0]!,
      status: response.drop ? 0 : response.status,
      ms: Date.now() - started,
      at: new Date(started).toISOString(),
      ...requestIdOf(response.headers),
    });
  }
  if (response.drop) {
    req.socket.destroy();
    return;
  }
  // An unread body would otherwise be drained by node:http, defeating the size limit.
  const headers = bodyTooLarge ? { ...response.headers, connection: "close" } : response.headers;
  res.writeHead(response.status, headers).end(response.body);
}

/** The request id an answer carries, for the request log. */
function requestIdOf(headers: Record<string, string>): { requestId?: string } {
  const requestId = headers["x-request-id"] ?? headers["smileid-request-id"];
  return requestId === undefined ? {} : { requestId };
}

function publicHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts the local Smile Links API on node:http. The returned `url` is what a client or a
 * stack's `smileid:apiUrl` takes.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const pageSize = options.pageSize ?? 20;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new RangeError(`pageSize must be a whole number of at least 1 (got ${pageSize})`);
  }
  const reading = Object.freeze(parseReading(options.reading ?? {}));
  const store = await LinkStore.open({ dataFile: options.dataFile, refIds: reading.refIds });
  const faults = new FaultController(options.faults);
  const requests: RequestRecord[] = [];
  const pending = new Set<Promise<unknown>>();
  const idle = async () => {
    while (pending.size > 0) await Promise.all(pending);
  };
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const origin = `http://${publicHost(host)}:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    store,
    faults,
    requests,
    origin,
    credentials: {
      partnerId: options.partnerId ?? EMULATOR_CREDENTIALS.partnerId,
      apiKey: options.apiKey ?? EMULATOR_CREDENTIALS.apiKey,
      signatureWindowMs: options.signatureWindowMs ?? 5 * 60_000,
    },
    reading,
    pageSize,
    now: Date.now,
    sleep: (ms) => delay(ms),
    later: (delayMs, work) => {
      const task = delay(delayMs).then(work);
      pending.add(task);
      void task.finally(() => pending.delete(task));
    },
  });
  // Attached once the app knows its origin; no request can arrive in between, as the
  // listening callback and this code run before the next connection event.
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(app, requests, req, res).catch(() => req.socket.destroy());
  });
  return {
    url: `${origin}/v1`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await idle();
      await store.flush();
    },
    idle,
    faults,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    store,
    reading,
  };
}
