import {
  NO_FAULTS,
  parseFaultSettings,
  type FaultConfig,
  type FaultSettings,
  type FaultWork,
} from "./faults";

export type FaultAction =
  | { kind: "pass" }
  | {
      kind: "fail";
      status: number;
      retryAfterSeconds?: number;
      work: FaultWork;
      workDelayMs: number;
    }
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
    const action: FaultAction = {
      kind: "fail",
      status: rule.status,
      retryAfterSeconds,
      work: rule.work ?? "skipped",
      workDelayMs: rule.workDelayMs ?? 0,
    };
    return { decision: { delayMs, action }, next: { ...config, failNext: rest } };
  }
  if (config.dropAfterWorkNext > 0) {
    return {
      decision: { delayMs, action: { kind: "drop" } },
      next: { ...config, dropAfterWorkNext: config.dropAfterWorkNext - 1 },
    };
  }
  // Each rate draws only when set, so one fault's draws do not shift another's sequence.
  const happens = (chance: number) => chance > 0 && random() < chance;
  const failure = (failStatus: number, retryAfterSeconds?: number): FaultAction => ({
    kind: "fail",
    status: failStatus,
    retryAfterSeconds,
    work: "skipped",
    workDelayMs: 0,
  });
  let action: FaultAction = { kind: "pass" };
  if (happens(config.throttleRate)) {
    action = failure(429, config.retryAfterSeconds);
  } else if (happens(config.errorRate)) {
    action = failure(config.errorStatus);
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

  /** Merges `settings` into the config; a `failNext` or `omitFields` list replaces the old one. */
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
