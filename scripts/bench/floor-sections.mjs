// The benchmark's tables behind the ratios: every operation's times against the floors, where
// the time goes (each process's CPU time), memory, state per resource, growth.
import { NATIVE_INSTALLS, measuredKind } from "./floor-ratios.mjs";
import { medians } from "./floor-rows.mjs";
import { KIND_SPECS, OPS } from "./lifecycle.mjs";
import { RESOURCE_TYPES, measureState } from "./state.mjs";
import { median } from "./stats.mjs";
import { formatNumber } from "./table.mjs";

/** @typedef {import("./lifecycle.mjs").Lifecycle} Lifecycle */
/** @typedef {import("./lifecycle.mjs").Op} Op */
/** @typedef {import("./lifecycle.mjs").Kind} Kind */

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
          ...medians(lifecycle, /** @type {Op} */ (op), ["ours", "floor", "shaped"]),
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
        "inputs, and keeping a SmileLink's outputs: shaped) and the dynamic floor, medians; " +
        "where the standalone floors were not measured (1,000 links), the launcher's",
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
            const measured = [kinds.native, kinds.floor, kinds.shaped].map((kind) =>
              measuredKind(lifecycle, kind),
            );
            const [native, floor, shaped] = measured.map((kind) => seconds[kind]);
            return [
              String(lifecycle.links),
              op,
              install,
              ...medians(lifecycle, /** @type {Op} */ (op), measured),
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
      title:
        "Where the time goes: wall time and CPU seconds of each process (the CLI, which is the " +
        "engine; the program; the dynamic provider host or the native plugin), medians",
      headers: ["links", "operation", "kind", "wall s", "CLI", "program", "host/plugin"],
      rows: lifecycles.flatMap((lifecycle) =>
        OPS.flatMap((op) =>
          lifecycle.kinds.map((kind) => {
            const rounds = lifecycle.cpuSeconds[op][kind];
            const cpu = (/** @type {"cli" | "program" | "providerHost" | "plugin"} */ role) =>
              formatNumber(median(rounds.map((use) => use[role])), 2);
            return [
              String(lifecycle.links),
              op,
              kind,
              formatNumber(median(lifecycle.seconds[op][kind]), 2),
              cpu("cli"),
              cpu("program"),
              KIND_SPECS[kind].program.startsWith("native") ? cpu("plugin") : cpu("providerHost"),
            ];
          }),
        ),
      ),
    },
    {
      title: "Peak resident memory, MiB (the highest of a stack's whole life)",
      headers: ["links", "kind", "CLI", "program", "provider host", "plugin"],
      rows: lifecycles.flatMap((lifecycle) =>
        lifecycle.kinds.map((kind) => [
          String(lifecycle.links),
          kind,
          formatNumber(lifecycle.peakRssMb[kind].cli),
          formatNumber(lifecycle.peakRssMb[kind].program),
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
        lifecycle.kinds.map((kind) => {
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
      headers: ["operation", ...large.kinds],
      rows: Object.keys(small.seconds).map((op) => {
        const o = /** @type {Op} */ (op);
        return [
          op,
          ...large.kinds.map(
            (kind) => `×${growth(small.seconds[o][kind], large.seconds[o][kind])}`,
          ),
        ];
      }),
    });
  }
  return sections;
}
