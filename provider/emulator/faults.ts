import { z } from "zod";
import { HttpError } from "./http-error";

/** One scripted failure: the next `count` API requests are answered with `status`. */
export interface FailNextRule {
  status: number;
  count: number;
  /** Sent as `Retry-After`; a 429 without it gets the config's `retryAfterSeconds`. */
  retryAfterSeconds?: number;
  /** Requests let through before this rule applies, e.g. 1 to fail a create's read-back. */
  after?: number;
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
}

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
});

const whole = z.number().int().min(0);
const rate = z.number().min(0).max(1);
const status = z.number().int().min(400).max(599);

const settingsSchema = z
  .strictObject({
    latencyMs: whole,
    latencyJitterMs: whole,
    errorRate: rate,
    errorStatus: status,
    throttleRate: rate,
    retryAfterSeconds: whole,
    dropAfterWorkRate: rate,
    failNext: z.array(
      z.strictObject({
        status,
        count: whole.min(1),
        retryAfterSeconds: whole.optional(),
        after: whole.optional(),
      }),
    ),
    dropAfterWorkNext: whole,
    seed: z.number().int().nullable(),
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

export type FaultAction =
  | { kind: "pass" }
  | { kind: "fail"; status: number; retryAfterSeconds?: number }
  | { kind: "drop" };

export interface FaultDecision {
  delayMs: number;
  action: FaultAction;
}

/**
 * What happens to the next API request, and the config after it (scripted faults used up).
 * Pure: all randomness comes from `random`, a function returning numbers in [0, 1).
 */
export function decideFault(
  config: FaultConfig,
  random: () => number,
): { decision: FaultDecision; next: FaultConfig } {
  const jitter =
    config.latencyJitterMs > 0 ? Math.floor(random() * (config.latencyJitterMs + 1)) : 0;
  const delayMs = config.latencyMs + jitter;
  const [rule, ...laterRules] = config.failNext;
  if (rule?.after) {
    return {
      decision: { delayMs, action: { kind: "pass" } },
      next: { ...config, failNext: [{ ...rule, after: rule.after - 1 }, ...laterRules] },
    };
  }
  if (rule) {
    const retryAfterSeconds =
      rule.retryAfterSeconds ?? (rule.status === 429 ? config.retryAfterSeconds : undefined);
    const rest = rule.count > 1 ? [{ ...rule, count: rule.count - 1 }, ...laterRules] : laterRules;
    return {
      decision: { delayMs, action: { kind: "fail", status: rule.status, retryAfterSeconds } },
      next: { ...config, failNext: rest },
    };
  }
  if (config.dropAfterWorkNext > 0) {
    return {
      decision: { delayMs, action: { kind: "drop" } },
      next: { ...config, dropAfterWorkNext: config.dropAfterWorkNext - 1 },
    };
  }
  // Each rate draws only when set, so one fault's draws do not shift another's sequence.
  const happens = (chance: number) => chance > 0 && random() < chance;
  let action: FaultAction = { kind: "pass" };
  if (happens(config.throttleRate)) {
    action = { kind: "fail", status: 429, retryAfterSeconds: config.retryAfterSeconds };
  } else if (happens(config.errorRate)) {
    action = { kind: "fail", status: config.errorStatus };
  } else if (happens(config.dropAfterWorkRate)) {
    action = { kind: "drop" };
  }
  return { decision: { delayMs, action }, next: config };
}

/** mulberry32: a tiny seeded generator, good enough to make fault tests repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The live fault config of one emulator: tests change it with `set` and `reset`. */
export class FaultController {
  private current: FaultConfig = { ...NO_FAULTS };
  private random: () => number = Math.random;

  constructor(settings: FaultSettings = {}) {
    this.set(settings);
  }

  get config(): FaultConfig {
    return structuredClone(this.current);
  }

  /** Merges `settings` into the config; a `failNext` list replaces the old one. */
  set(settings: FaultSettings): void {
    const checked = parseFaultSettings(settings);
    this.current = { ...this.current, ...structuredClone(checked) };
    if (checked.seed !== undefined) {
      this.random = checked.seed === null ? Math.random : seededRandom(checked.seed);
    }
  }

  reset(): void {
    this.current = { ...NO_FAULTS };
    this.random = Math.random;
  }

  /** Decides the fate of one API request, using up a scripted fault if one is due. */
  decide(): FaultDecision {
    const { decision, next } = decideFault(this.current, this.random);
    this.current = next;
    return decision;
  }
}
