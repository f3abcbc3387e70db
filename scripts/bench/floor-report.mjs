// The benchmark's figures against the floors: each kind's time over a floor's for each operation
// and size, how times and memory grow from the smaller stack to the larger, and what a resource
// of each kind keeps in state.
import { KIND_SPECS, KINDS } from "./lifecycle.mjs";
import { RESOURCE_TYPES, measureState } from "./state.mjs";
import { median } from "./stats.mjs";
import { formatNumber } from "./table.mjs";

/** The dynamic SmileLink's time over the floor's: the bound of every operation measured. */
export const FLOOR_RATIO_MAX = 1.1;
/** The native provider's time over its own floor's, for every operation measured. */
export const NATIVE_OWN_FLOOR_RATIO_MAX = 1.05;
/** The native provider's time over the dynamic floor's, for the keys named here. */
export const NATIVE_FLOOR_RATIO_MAX = 0.6;
const NATIVE_FLOOR_RATIO_KEYS = ["up1000", "noop1000", "preview1000"];

/**
 * The ratio keys (`floorRatio` and the others): an operation at a size. `small` is the default
 * stack (100 links), `large` the one `--full` adds (1,000); `--links N` makes them N and 10×N
 * under the same keys.
 */
export const RATIO_KEYS = /** @type {const} */ ([
  ["up100", "up", "small"],
  ["up1000", "up", "large"],
  ["noop1000", "noop", "large"],
  ["preview1000", "preview", "large"],
  ["refresh1000", "refresh", "large"],
  ["destroy1000", "destroy", "large"],
]);
/** @typedef {(typeof RATIO_KEYS)[number][0]} RatioKey */
/** @typedef {Record<RatioKey, number | null>} Ratios */

/** The native kinds of each install, and the floors each is measured against. */
export const NATIVE_INSTALLS = /** @type {const} */ ({
  launcher: { native: "native", floor: "nativeFloor", shaped: "nativeShaped" },
  standalone: { native: "standalone", floor: "standaloneFloor", shaped: "standaloneShaped" },
});
/** @typedef {keyof typeof NATIVE_INSTALLS} Install */

/** What each operation is, for the tables. */
const OP_NAMES = {
  up: "pulumi up, creating every resource",
  noop: "pulumi up, no change",
  preview: "pulumi preview, no change",
  refresh: "pulumi refresh",
  destroy: "pulumi destroy",
};

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
function lifecycleOf(lifecycles, size) {
  return size === "small" ? lifecycles[0] : lifecycles[1];
}

/**
 * For each key, the median time of `kind` over the median time of `over`; null for a size not
 * measured (1,000 links need `--full`).
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
        const seconds = lifecycleOf(lifecycles, size)?.seconds[op];
        return [key, seconds ? round(median(seconds[kind]) / median(seconds[over]), 3) : null];
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
export function nativeRatios(lifecycles, over) {
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

/**
 * @param {Lifecycle | undefined} lifecycle
 * @param {Op} op
 * @param {Kind[]} kinds
 */
function medians(lifecycle, op, kinds) {
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
  const dynamicRows = RATIO_KEYS.map(([key, op, size]) => {
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
    return RATIO_KEYS.flatMap(([key, op, size]) => {
      const lifecycle = lifecycleOf(lifecycles, size);
      if (!lifecycle) return [];
      const [native, own, floor] = medians(lifecycle, op, [kinds.native, kinds.floor, "floor"]);
      const where = `${OP_NAMES[op]} of ${lifecycle.links} links, ${KIND_SPECS[kinds.native].what}`;
      const rounds = `medians of ${lifecycle.seconds[op][kinds.native].length}`;
      const own1 = {
        metric: `nativeOwnFloorRatio.${install}.${key}`,
        value: nativeOwnFloorRatio[install][key],
        shown: formatNumber(nativeOwnFloorRatio[install][key], 3),
        max: NATIVE_OWN_FLOOR_RATIO_MAX,
        how: `${where}: ${native} s over the native floor's ${own} s, ${rounds}`,
      };
      const dynamic1 = {
        metric: `nativeFloorRatio.${install}.${key}`,
        value: nativeFloorRatio[install][key],
        shown: formatNumber(nativeFloorRatio[install][key], 3),
        max: NATIVE_FLOOR_RATIO_KEYS.includes(key) ? NATIVE_FLOOR_RATIO_MAX : undefined,
        how: `${where}: ${native} s over the dynamic floor's ${floor} s, ${rounds}`,
      };
      return [own1, dynamic1];
    });
  });
  return [...dynamicRows, ...nativeRows];
}

/**
 * The sections behind the ratios: every operation's times, growth, memory, state.
 *
 * @param {Lifecycle[]} lifecycles
 */
export function floorSections(lifecycles) {
  const s = (/** @type {number[]} */ values) => values.map((v) => formatNumber(v, 2)).join(" ");
  const ratio = (/** @type {number[]} */ a, /** @type {number[]} */ b) =>
    formatNumber(median(a) / median(b), 3);
  const sections = [
    {
      title:
        "Ours against the floors: do-nothing dynamic resources of the same inputs (floor), " +
        "and of a SmileLink's outputs and state too (shaped), medians",
      headers: [
        "links",
        "operation",
        "ours s",
        "floor s",
        "shaped s",
        "ours/floor",
        "ours/shaped",
        "shaped/floor",
        "rounds s: ours | floor | shaped",
      ],
      rows: lifecycles.flatMap((lifecycle) =>
        Object.entries(lifecycle.seconds).map(([op, { ours, floor, shaped }]) => [
          String(lifecycle.links),
          op,
          formatNumber(median(ours), 2),
          formatNumber(median(floor), 2),
          formatNumber(median(shaped), 2),
          ratio(ours, floor),
          ratio(ours, shaped),
          ratio(shaped, floor),
          `${s(ours)} | ${s(floor)} | ${s(shaped)}`,
        ]),
      ),
    },
    {
      title:
        "The native provider against its own floors (a do-nothing plugin `floorid` keeping its " +
        "inputs, and keeping a SmileLink's outputs: shaped) and the dynamic floor, medians",
      headers: [
        "links",
        "operation",
        "install",
        "native s",
        "n. floor s",
        "n. shaped s",
        "native/n. floor",
        "native/n. shaped",
        "native/floor",
        "n. floor/floor",
        "rounds s: native | n. floor | n. shaped",
      ],
      rows: lifecycles.flatMap((lifecycle) =>
        Object.entries(lifecycle.seconds).flatMap(([op, seconds]) =>
          Object.entries(NATIVE_INSTALLS).map(([install, kinds]) => {
            const [native, floor, shaped] = [kinds.native, kinds.floor, kinds.shaped].map(
              (kind) => seconds[kind],
            );
            return [
              String(lifecycle.links),
              op,
              install,
              formatNumber(median(native), 2),
              formatNumber(median(floor), 2),
              formatNumber(median(shaped), 2),
              ratio(native, floor),
              ratio(native, shaped),
              ratio(native, seconds.floor),
              ratio(floor, seconds.floor),
              `${s(native)} | ${s(floor)} | ${s(shaped)}`,
            ];
          }),
        ),
      ),
    },
    {
      title: "Peak resident memory, MiB (the highest of a stack's whole life)",
      headers: ["links", "kind", "CLI", "provider host", "plugin"],
      rows: lifecycles.flatMap((lifecycle) =>
        KINDS.map((kind) => [
          String(lifecycle.links),
          kind,
          formatNumber(lifecycle.peakRssMb[kind].cli),
          formatNumber(lifecycle.peakRssMb[kind].providerHost),
          formatNumber(lifecycle.peakRssMb[kind].plugin),
        ]),
      ),
    },
    {
      title:
        "State per resource, bytes: compact JSON as the checkpoint file holds it (rewritten " +
        "after every step), and pulumi stack export (pretty-printed)",
      headers: [
        "links",
        "kind",
        "compact",
        "__provider ×2",
        "inputs",
        "outputs",
        "engine",
        "export",
      ],
      rows: lifecycles.flatMap((lifecycle) =>
        KINDS.map((kind) => {
          const state = measureState(
            lifecycle.exportText[kind],
            RESOURCE_TYPES[KIND_SPECS[kind].program],
          );
          const { total, provider, inputs, outputs, engine } = state.compact;
          return [
            String(lifecycle.links),
            kind,
            ...[total, provider, inputs, outputs, engine, state.stateBytesPerLink].map((v) =>
              formatNumber(v),
            ),
          ];
        }),
      ),
    },
  ];
  const [small, large] = [lifecycles[0], lifecycles[lifecycles.length - 1]];
  if (small && large && large.links > small.links) {
    const growth = (/** @type {number[]} */ a, /** @type {number[]} */ b) =>
      formatNumber(median(b) / median(a), 1);
    sections.push({
      title: `Growth from ${small.links} to ${large.links} links (×${large.links / small.links} the resources)`,
      headers: ["operation", ...KINDS],
      rows: Object.keys(small.seconds).map((op) => {
        const o = /** @type {Op} */ (op);
        return [
          op,
          ...KINDS.map((kind) => `×${growth(small.seconds[o][kind], large.seconds[o][kind])}`),
        ];
      }),
    });
  }
  return sections;
}
