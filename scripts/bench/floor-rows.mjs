// The benchmark's rows against the floors: each ratio that has a bound, beside it, with the
// times it divides.
import {
  FLOOR_RATIO_MAX,
  NATIVE_FLOOR_RATIO_KEYS,
  NATIVE_FLOOR_RATIO_MAX,
  NATIVE_INSTALLS,
  NATIVE_OWN_FLOOR_RATIO_MAX,
  RATIO_KEYS,
  floorRatios,
  lifecycleOf,
  measuredKind,
  nativeFloorResults,
} from "./floor-ratios.mjs";
import { KIND_SPECS, OPS } from "./lifecycle.mjs";
import { median } from "./stats.mjs";
import { formatNumber } from "./table.mjs";

/** What each operation is, for the tables. */
const OP_NAMES = {
  up: "pulumi up, creating every resource",
  noop: "pulumi up, no change",
  preview: "pulumi preview, no change",
  refresh: "pulumi refresh",
  destroy: "pulumi destroy",
};

/** The keys as the table shows them: the smaller stack first, each in the order of a life. */
const SHOWN_KEYS = [...RATIO_KEYS].sort(([, opA, sizeA], [, opB, sizeB]) =>
  sizeA === sizeB ? OPS.indexOf(opA) - OPS.indexOf(opB) : sizeA === "small" ? -1 : 1,
);

/** @typedef {import("./lifecycle.mjs").Lifecycle} Lifecycle */
/** @typedef {import("./lifecycle.mjs").Op} Op */
/** @typedef {import("./lifecycle.mjs").Kind} Kind */
/** @typedef {import("./floor-ratios.mjs").Install} Install */

/**
 * The median seconds of each of `kinds` at `op`, as the tables show them (NaN where not measured).
 *
 * @param {Lifecycle | undefined} lifecycle
 * @param {Op} op
 * @param {Kind[]} kinds
 */
export function medians(lifecycle, op, kinds) {
  return kinds.map((kind) => formatNumber(median(lifecycle?.seconds[op][kind] ?? [NaN]), 2));
}

/**
 * Table rows of the ratios that have a bound: the dynamic SmileLink over the floor, and the
 * native provider over its own floor and over the dynamic floor, by install.
 *
 * @param {Lifecycle[]} lifecycles
 * @param {number} latencyMs
 */
export function floorRows(lifecycles, latencyMs) {
  const dynamic = floorRatios(lifecycles);
  const dynamicRows = SHOWN_KEYS.map(([key, op, size]) => {
    const lifecycle = lifecycleOf(lifecycles, size);
    const [ours, floor, shaped] = medians(lifecycle, op, ["ours", "floor", "shaped"]);
    return {
      metric: `floorRatio.${key}`,
      value: dynamic[key],
      shown: formatNumber(dynamic[key], 3),
      max: FLOOR_RATIO_MAX,
      how: lifecycle
        ? `${OP_NAMES[op]} of ${lifecycle.links} links, ${latencyMs} ms API latency: ` +
          `${ours} s over the floor's ${floor} s (the shaped floor's ${shaped} s), medians of ` +
          `${lifecycle.seconds[op].ours.length} rounds taking turns`
        : `not measured: 1,000 links run with --full`,
    };
  });
  const { nativeFloorRatio, nativeOwnFloorRatio } = nativeFloorResults(lifecycles);
  const nativeRows = /** @type {Install[]} */ (Object.keys(NATIVE_INSTALLS)).flatMap((install) => {
    const kinds = NATIVE_INSTALLS[install];
    return SHOWN_KEYS.flatMap(([key, op, size]) => {
      const lifecycle = lifecycleOf(lifecycles, size);
      if (!lifecycle) return [];
      const floorKind = measuredKind(lifecycle, kinds.floor);
      const whose =
        floorKind === kinds.floor ? "the native floor's" : "the launcher's native floor's";
      const [native, nativeFloor, floor] = medians(lifecycle, op, [
        kinds.native,
        floorKind,
        "floor",
      ]);
      const where = `${OP_NAMES[op]} of ${lifecycle.links} links, ${KIND_SPECS[kinds.native].what}`;
      const rounds = `medians of ${lifecycle.seconds[op][kinds.native].length}`;
      const own = {
        metric: `nativeOwnFloorRatio.${install}.${key}`,
        value: nativeOwnFloorRatio[install][key],
        shown: formatNumber(nativeOwnFloorRatio[install][key], 3),
        max: NATIVE_OWN_FLOOR_RATIO_MAX,
        how: `${where}: ${native} s over ${whose} ${nativeFloor} s, ${rounds}`,
      };
      // Over the dynamic floor, shown where it has a bound and for the smaller stack's up; the
      // rest are in the JSON and the table of operations.
      if (!NATIVE_FLOOR_RATIO_KEYS.includes(key) && key !== "up100") return [own];
      const overDynamic = {
        metric: `nativeFloorRatio.${install}.${key}`,
        value: nativeFloorRatio[install][key],
        shown: formatNumber(nativeFloorRatio[install][key], 3),
        max: NATIVE_FLOOR_RATIO_KEYS.includes(key) ? NATIVE_FLOOR_RATIO_MAX : undefined,
        how: `${where}: ${native} s over the dynamic floor's ${floor} s, ${rounds}`,
      };
      return [own, overDynamic];
    });
  });
  return [...dynamicRows, ...nativeRows];
}
