import type { Credentials } from "./auth";
import type { FaultController } from "./fault-decision";
import type { ApiReading } from "./reading";
import type { LinkStore } from "./store";

/** One answered (or dropped) request, as the request log keeps it. */
export interface RequestRecord {
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  /** The HTTP status sent, or 0 when the connection was dropped without an answer. */
  status: number;
  /** Time from the request's arrival to its answer or drop. */
  ms: number;
  /** When the request arrived, ISO 8601. */
  at: string;
  /** The request id the answer carried (fault `requestIdHeader`). */
  requestId?: string;
}

/** Everything the routes work with; the app holds no other state. */
export interface AppContext {
  store: LinkStore;
  faults: FaultController;
  /** The live request log; admin routes read and clear it, the server adapter appends. */
  requests: RequestRecord[];
  /** Scheme, host and port the emulator answers on, without a trailing slash. */
  origin: string;
  credentials: Credentials;
  /** The reading of the docs the emulator plays, fixed for its lifetime. */
  reading: Readonly<ApiReading>;
  pageSize: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Runs `work` after `delayMs`, after the request was answered (a gateway fault). */
  later: (delayMs: number, work: () => Promise<unknown>) => void;
}
