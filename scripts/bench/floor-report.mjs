// The benchmark's figures against the floors: our time over the floor's (and over the shaped
// floor's) for each operation and size, how times and memory grow from 100 to 1,000 links, and
// what a resource of each kind keeps in state.
import { KINDS } from "./lifecycle.mjs";
import { RESOURCE_TYPES, measureState } from "./state.mjs";
import { median } from "./stats.mjs";
import { formatNumber } from "./table.mjs";

/** Our time over the floor's: the bound for every operation measured. */
export const FLOOR_RATIO_MAX = 1.1;

/** The `floorRatio` keys: an operation at a size. */
const RATIO_KEYS = /** @type {const} */ ([
  ["up100", "up", 100],
  ["up1000", "up", 1000],
  ["noop1000", "noop", 1000],
  ["preview1000", "preview", 1000],
  ["refresh1000", "refresh", 1000],
  ["destroy1000", "destroy", 1000],
]);

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

const round = (/** @type {number} */ value, /** @type {number} */ digits) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Median of ours over median of a floor, per operation and size.
 *
 * @param {Lifecycle} lifecycle
 * @param {Op} op
 * @param {"floor" | "shaped"} [floor]
 */
function ratio(lifecycle, op, floor = "floor") {
  const seconds = lifecycle.seconds[op];
  return median(seconds.ours) / median(seconds[floor]);
}

/**
 * The JSON's `floorRatio` (or, against the shaped floor, `shapedFloorRatio`): null for a size
 * not measured (1,000 links need `--full`).
 *
 * @param {Lifecycle[]} lifecycles
 * @param {"floor" | "shaped"} [floor]
 * @returns {Record<(typeof RATIO_KEYS)[number][0], number | null>}
 */
export function floorRatios(lifecycles, floor = "floor") {
  return /** @type {any} */ (
    Object.fromEntries(
      RATIO_KEYS.map(([key, op, links]) => {
        const lifecycle = lifecycles.find((entry) => entry.links === links);
        return [key, lifecycle ? round(ratio(lifecycle, op, floor), 3) : null];
      }),
    )
  );
}

/**
 * The JSON's `peakRssMb`: for each process, its peak over a stack's whole life, by size.
 *
 * @param {Lifecycle[]} lifecycles
 */
export function peakRss(lifecycles) {
  const by = (/** @type {"cli" | "providerHost"} */ role) =>
    Object.fromEntries(
      lifecycles.map((lifecycle) => {
        const value = lifecycle.peakRssMb.ours[role];
        return [String(lifecycle.links), value === null ? null : round(value, 0)];
      }),
    );
  return { cli: by("cli"), providerHost: by("providerHost") };
}

/**
 * Table rows of the ratios, each against its bound.
 *
 * @param {Lifecycle[]} lifecycles
 * @param {number} latencyMs
 */
export function floorRows(lifecycles, latencyMs) {
  const ratios = floorRatios(lifecycles);
  return RATIO_KEYS.map(([key, op, links]) => {
    const lifecycle = lifecycles.find((entry) => entry.links === links);
    const seconds = lifecycle?.seconds[op];
    return {
      metric: `floorRatio.${key}`,
      value: ratios[key],
      shown: formatNumber(ratios[key], 3),
      max: FLOOR_RATIO_MAX,
      how: seconds
        ? `${OP_NAMES[op]} of ${links} links, ${latencyMs} ms API latency: ` +
          `${formatNumber(median(seconds.ours), 2)} s over the floor's ` +
          `${formatNumber(median(seconds.floor), 2)} s (the shaped floor's ` +
          `${formatNumber(median(seconds.shaped), 2)} s), medians of ` +
          `${seconds.ours.length} rounds taking turns`
        : `not measured: 1,000 links run with --full`,
    };
  });
}

/**
 * The sections behind the ratios: every operation's times, growth, memory, state.
 *
 * @param {Lifecycle[]} lifecycles
 */
export function floorSections(lifecycles) {
  const s = (/** @type {number[]} */ values) => values.map((v) => formatNumber(v, 2)).join(" ");
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
          formatNumber(median(ours) / median(floor), 3),
          formatNumber(median(ours) / median(shaped), 3),
          formatNumber(median(shaped) / median(floor), 3),
          `${s(ours)} | ${s(floor)} | ${s(shaped)}`,
        ]),
      ),
    },
    {
      title: "Peak resident memory, MiB (the highest of a stack's whole life)",
      headers: ["links", "kind", "CLI", "provider host"],
      rows: lifecycles.flatMap((lifecycle) =>
        KINDS.map((kind) => [
          String(lifecycle.links),
          kind,
          formatNumber(lifecycle.peakRssMb[kind].cli),
          formatNumber(lifecycle.peakRssMb[kind].providerHost),
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
          const state = measureState(lifecycle.exportText[kind], RESOURCE_TYPES[kind]);
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
