// The benchmark's figures against the floors, as its JSON reports them: each kind's median time
// over a floor's for each operation and size, and the processes' peak memory.
import { median } from "./stats.mjs";

/** The dynamic SmileLink's time over the floor's: the bound of every operation measured. */
export const FLOOR_RATIO_MAX = 1.1;
/** The native provider's time over its own floor's, for every operation measured. */
export const NATIVE_OWN_FLOOR_RATIO_MAX = 1.05;
/** The native provider's time over the dynamic floor's, for the keys named here. */
export const NATIVE_FLOOR_RATIO_MAX = 0.6;
export const NATIVE_FLOOR_RATIO_KEYS = ["up1000", "noop1000", "preview1000"];

/**
 * The ratio keys (`floorRatio` and the others): an operation at a size. `small` is the default
 * stack (100 links), `large` the one `--full` adds (1,000); `--links N` makes them N and 10×N
 * under the same keys. The first six are the keys the ratios have always had; the others give
 * every operation of the smaller stack too.
 */
export const RATIO_KEYS = /** @type {const} */ ([
  ["up100", "up", "small"],
  ["up1000", "up", "large"],
  ["noop1000", "noop", "large"],
  ["preview1000", "preview", "large"],
  ["refresh1000", "refresh", "large"],
  ["destroy1000", "destroy", "large"],
  ["noop100", "noop", "small"],
  ["preview100", "preview", "small"],
  ["refresh100", "refresh", "small"],
  ["destroy100", "destroy", "small"],
]);
/** @typedef {(typeof RATIO_KEYS)[number][0]} RatioKey */
/** @typedef {Record<RatioKey, number | null>} Ratios */

/** The native kinds of each install, and the floors each is measured against. */
export const NATIVE_INSTALLS = /** @type {const} */ ({
  launcher: { native: "native", floor: "nativeFloor", shaped: "nativeShaped" },
  standalone: { native: "standalone", floor: "standaloneFloor", shaped: "standaloneShaped" },
});
/** @typedef {keyof typeof NATIVE_INSTALLS} Install */

/** @typedef {import("./lifecycle.mjs").Lifecycle} Lifecycle */
/** @typedef {import("./lifecycle.mjs").Op} Op */
/** @typedef {import("./lifecycle.mjs").Kind} Kind */

const round = (/** @type {number} */ value, /** @type {number} */ digits) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The lifecycle a ratio key reads: the first for `small`, the second (with `--full`) for `large`.
 *
 * @param {Lifecycle[]} lifecycles
 * @param {"small" | "large"} size
 * @returns {Lifecycle | undefined}
 */
export function lifecycleOf(lifecycles, size) {
  return size === "small" ? lifecycles[0] : lifecycles[1];
}

/** The launcher's floors stand in for the standalone floors where those were not measured. */
const STAND_INS = /** @type {Partial<Record<Kind, Kind>>} */ ({
  standaloneFloor: "nativeFloor",
  standaloneShaped: "nativeShaped",
});

/**
 * `kind` where `lifecycle` measured it, else the kind that stands in for it (the 1,000-link
 * stacks measure no standalone floor: lifecycle.mjs, LARGE_KINDS).
 *
 * @param {Lifecycle} lifecycle
 * @param {Kind} kind
 * @returns {Kind}
 */
export function measuredKind(lifecycle, kind) {
  return lifecycle.kinds.includes(kind) ? kind : (STAND_INS[kind] ?? kind);
}

/**
 * For each key, the median time of `kind` over the median time of `over` (or of the kind that
 * stands in for it); null for a size not measured (1,000 links need `--full`).
 *
 * @param {Lifecycle[]} lifecycles
 * @param {Kind} kind
 * @param {Kind} over
 * @returns {Ratios}
 */
export function ratios(lifecycles, kind, over) {
  return /** @type {Ratios} */ (
    Object.fromEntries(
      RATIO_KEYS.map(([key, op, size]) => {
        const lifecycle = lifecycleOf(lifecycles, size);
        if (!lifecycle) return [key, null];
        const seconds = lifecycle.seconds[op];
        return [
          key,
          round(median(seconds[kind]) / median(seconds[measuredKind(lifecycle, over)]), 3),
        ];
      }),
    )
  );
}

/**
 * The JSON's `floorRatio` (or, against the shaped floor, `shapedFloorRatio`): the dynamic
 * SmileLink over a dynamic floor.
 *
 * @param {Lifecycle[]} lifecycles
 * @param {"floor" | "shaped"} [floor]
 * @returns {Ratios}
 */
export function floorRatios(lifecycles, floor = "floor") {
  return ratios(lifecycles, "ours", floor);
}

/**
 * A native ratio for each install, the native provider over the kind `over` gives for that
 * install; its keys at the top are the launcher's (the npm package's, which TypeScript users
 * install), so that `nativeFloorRatio.up100` reads as `floorRatio.up100` does.
 *
 * @param {Lifecycle[]} lifecycles
 * @param {(install: Install) => Kind} over
 * @returns {Ratios & Record<Install, Ratios>}
 */
function nativeRatios(lifecycles, over) {
  const launcher = ratios(lifecycles, NATIVE_INSTALLS.launcher.native, over("launcher"));
  const standalone = ratios(lifecycles, NATIVE_INSTALLS.standalone.native, over("standalone"));
  return { ...launcher, launcher, standalone };
}

/**
 * The JSON's native ratios: over the dynamic floors (`nativeFloorRatio`,
 * `nativeShapedFloorRatio`) and over the native floors of the same install
 * (`nativeOwnFloorRatio`, `nativeOwnShapedFloorRatio`).
 *
 * @param {Lifecycle[]} lifecycles
 */
export function nativeFloorResults(lifecycles) {
  return {
    nativeFloorRatio: nativeRatios(lifecycles, () => "floor"),
    nativeShapedFloorRatio: nativeRatios(lifecycles, () => "shaped"),
    nativeOwnFloorRatio: nativeRatios(lifecycles, (install) => NATIVE_INSTALLS[install].floor),
    nativeOwnShapedFloorRatio: nativeRatios(
      lifecycles,
      (install) => NATIVE_INSTALLS[install].shaped,
    ),
  };
}

/**
 * The JSON's `peakRssMb`: for each process, its peak over a stack's whole life, by size: the CLI
 * and the dynamic provider host for SmileLinks, and `plugin`, the native plugin by install.
 *
 * @param {Lifecycle[]} lifecycles
 */
export function peakRss(lifecycles) {
  const by = (/** @type {Kind} */ kind, /** @type {"cli" | "providerHost" | "plugin"} */ role) =>
    Object.fromEntries(
      lifecycles.map((lifecycle) => {
        const value = lifecycle.peakRssMb[kind][role];
        return [String(lifecycle.links), value === null ? null : round(value, 0)];
      }),
    );
  return {
    cli: by("ours", "cli"),
    providerHost: by("ours", "providerHost"),
    plugin: {
      launcher: by(NATIVE_INSTALLS.launcher.native, "plugin"),
      standalone: by(NATIVE_INSTALLS.standalone.native, "plugin"),
    },
  };
}
