import { z } from "zod";
import { HttpError } from "./http-error";
import { FULL_LINK_FIELDS, type CreateAnswerShape } from "./link-view";

/**
 * What becomes of the work of a request that a scripted failure answers: "skipped" fails it
 * before any work; "done" does the work (a link made or changed), then answers the failure, as
 * a gateway whose upstream answered too late; "later" answers the failure at once and does the
 * work `workDelayMs` afterwards, as a gateway that gave up while the API went on.
 */
export type FaultWork = "skipped" | "done" | "later";

/** One scripted failure: the next `count` API requests are answered with `status`. */
export interface FailNextRule {
  status: number;
  count: number;
  /** Sent as `Retry-After`; a 429 without it gets the config's `retryAfterSeconds`. */
  retryAfterSeconds?: number;
  /** Requests let through before this rule applies, e.g. 1 to fail a create's read-back. */
  after?: number;
  /** Default "skipped". */
  work?: FaultWork;
  /** With work "later": the time between the answer and the work; default 0. */
  workDelayMs?: number;
}

/** Faults injected into `/v1` requests; all off by default. Rates are fractions from 0 to 1. */
export interface FaultConfig {
  /** Added to every answer. */
  latencyMs: number;
  /** A random extra delay from 0 to this. */
  latencyJitterMs: number;
  /** Requests answered with `errorStatus` before any work is done. */
  errorRate: number;
  errorStatus: number;
  /** Requests answered 429 with `Retry-After: retryAfterSeconds` before any work is done. */
  throttleRate: number;
  retryAfterSeconds: number;
  /** Requests whose work is done (a link made or changed) but whose connection is then cut. */
  dropAfterWorkRate: number;
  /** Scripted failures for deterministic tests, used up in order before any rate applies. */
  failNext: FailNextRule[];
  /** The next this-many requests (after `failNext`) do their work and then lose the connection. */
  dropAfterWorkNext: number;
  /** Seeds the random draws so a test sees the same faults each run; null uses Math.random. */
  seed: number | null;
  createAnswer: CreateAnswerShape;
  /** Fields left out of each link of a get or list answer, e.g. `["user_id"]`. */
  omitFields: string[];
  /**
   * The header every API answer carries a fresh request id in, as Smile's services do (its SDKs
   * read `x-request-id`, then `smileid-request-id`); "none" sends no request id.
   */
  requestIdHeader: RequestIdHeader;
}

export const REQUEST_ID_HEADERS = ["none", "x-request-id", "smileid-request-id"] as const;
export type RequestIdHeader = (typeof REQUEST_ID_HEADERS)[number];

export type FaultSettings = Partial<FaultConfig>;

export const NO_FAULTS: Readonly<FaultConfig> = Object.freeze({
  latencyMs: 0,
  latencyJitterMs: 0,
  errorRate: 0,
  errorStatus: 503,
  throttleRate: 0,
  retryAfterSeconds: 1,
  dropAfterWorkRate: 0,
  failNext: [],
  dropAfterWorkNext: 0,
  seed: null,
  createAnswer: "documented",
  omitFields: [],
  requestIdHeader: "none",
});

const whole = z.number().int().min(0);
const rate = z.number().min(0).max(1);
const status = z.number().int().min(400).max(599);

const failNextRule = z
  .strictObject({
    status,
    count: whole.min(1),
    retryAfterSeconds: whole.optional(),
    after: whole.optional(),
    work: z.enum(["skipped", "done", "later"]).optional(),
    workDelayMs: whole.optional(),
  })
  .refine((rule) => rule.workDelayMs === undefined || rule.work === "later", {
    path: ["workDelayMs"],
    message: 'is allowed only with work "later"',
  });

const settingsSchema = z
  .strictObject({
    latencyMs: whole,
    latencyJitterMs: whole,
    errorRate: rate,
    errorStatus: status,
    throttleRate: rate,
    retryAfterSeconds: whole,
    dropAfterWorkRate: rate,
    failNext: z.array(failNextRule),
    dropAfterWorkNext: whole,
    seed: z.number().int().nullable(),
    createAnswer: z.enum(["documented", "link_url", "empty"]),
    omitFields: z.array(z.enum(FULL_LINK_FIELDS)),
    requestIdHeader: z.enum(REQUEST_ID_HEADERS),
  })
  .partial();

/** Checks a fault config given by a test or the admin route; a 400 names the bad field. */
export function parseFaultSettings(value: unknown): FaultSettings {
  const parsed = settingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join(".") || "faults";
  throw new HttpError(400, "invalid_faults", `${field}: ${issue?.message ?? "invalid"}`);
}
