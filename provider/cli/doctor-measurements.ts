import type { ListPath } from "../client/list-path";
import { isSmileLinksError, type SmileLinksError } from "../errors";

/**
 * What `smile-links doctor`'s requests measured (doctor-probes.ts, doctor-test-link.ts), for
 * doctor-report.ts to judge.
 */

/**
 * The API refused the credentials: its HTTP status, Smile's code and text when given, and the
 * answer's request id, for Smile ID support.
 */
export interface Refusal {
  status: number;
  code?: string;
  text: string;
  requestId?: string;
}

/** "ok" when a signed request was answered; null when no answer said either way. */
export type Auth = "ok" | Refusal | null;

/** What a get of a ref id that cannot exist answered. */
export type UnknownLinkAnswer =
  | { kind: "status"; status: number }
  | { kind: "link" }
  | { kind: "failed"; reason: string }
  | { kind: "skipped" };

/** A link `--write` made, and whether doctor disabled it again. */
export interface TestLink {
  refId: string;
  disabled: boolean;
}

/**
 * What `--write` did: no link made (`outcome` says why, and whether one may still exist), or
 * the links made and their marker read back.
 */
export type WriteOutcome =
  | { made: false; outcome: string }
  | {
      made: true;
      /** One, unless a create whose answer was lost is found more than once by its name. */
      testLinks: [TestLink, ...TestLink[]];
      markerInGet: boolean | null;
      markerInList: boolean | null;
    };

export interface Measurements {
  apiUrl: string;
  partnerId: string;
  auth: Auth;
  listPath: ListPath | null;
  /** Why no list path answered, when none did. */
  listFailure?: string;
  /** Whether list answers carry `partner_params`; null when the first page had no links. */
  paramsInList: boolean | null;
  /** Whether a get of an existing link carries `partner_params`; null when not measured. */
  paramsInGet: boolean | null;
  unknownLink: UnknownLinkAnswer;
  /** Steps that failed without deciding the verdict, each "what: why". */
  problems: string[];
  /** Absent without `--write`. */
  write?: WriteOutcome;
}

export type Attempt<T> = { value: T } | { error: SmileLinksError };

/** A request's answer, or the client's error; anything else is a bug and is thrown on. */
export async function attempt<T>(request: Promise<T>): Promise<Attempt<T>> {
  try {
    return { value: await request };
  } catch (error) {
    if (!isSmileLinksError(error)) throw error;
    return { error };
  }
}

/** A refusal from the client's error: its status, and Smile's code and text where it gave them. */
export function refusalOf(error: SmileLinksError): Refusal {
  const { status = 0, apiCode: code, apiText: text = "", requestId } = error.details;
  return {
    status,
    ...(code !== undefined && { code }),
    text,
    ...(requestId !== undefined && { requestId }),
  };
}
