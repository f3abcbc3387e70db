// The benchmark's result: the JSON object (exactly the keys the Benchmark issues name) and
// the table rows and sections that show it, each metric beside its target.
import { floorRatios, nativeFloorResults, peakRss } from "./floor-ratios.mjs";
import { floorRows } from "./floor-rows.mjs";
import { floorSections } from "./floor-sections.mjs";
import { median } from "./stats.mjs";
import { formatNumber } from "./table.mjs";

/**
 * Upper bounds from the Benchmark issues; a value at or below its bound meets the target.
 * The issue allows a create 2 calls when it reads the new link back; ours does not. The
 * floor's ratios (floor-ratios.mjs) replaced the bound on `upRatio100to1`, which the engine
 * alone comes near.
 */
export const TARGETS = {
  create: 1,
  read: 1,
  update: 1,
  delete: 1,
  preview: 0,
  providerBytesPerLink: 8192,
  stateBytesPerLink: 4096,
  coldStartMs: 200,
  validate1000Ms: 1000,
};

/**
 * The result object (the --json line) and the table rows that show it.
 *
 * @param {object} m
 * @param {{ callsLinks: number; upLatencyMs: number; validateLinks: number }} m.settings
 * @param {Awaited<ReturnType<typeof import("./api-calls.mjs").measureApiCalls>>} m.calls
 * @param {Awaited<ReturnType<typeof import("./up-times.mjs").measureUpTimes>>} m.ups
 * @param {import("./lifecycle.mjs").Lifecycle[]} m.lifecycles
 * @param {ReturnType<typeof import("./state.mjs").measureState>} m.state
 * @param {ReturnType<typeof import("./state.mjs").measureState>} m.nativeState the native
 *   provider's stack of the same links
 * @param {Awaited<ReturnType<typeof import("./cold-start.mjs").measureColdStarts>>} m.coldStarts
 * @param {Awaited<ReturnType<typeof import("./validate.mjs").measureValidate>>} m.validate
 * @param {import("./audit.mjs").AuditTiming} m.audit
 * @param {Record<string, string>} m.machine
 * @param {number} m.totalSeconds
 */
export function buildReport({
  settings,
  calls,
  ups,
  lifecycles,
  state,
  nativeState,
  coldStarts,
  validate,
  audit,
  machine,
  totalSeconds,
}) {
  const { callsLinks, upLatencyMs, validateLinks } = settings;
  const round = (/** @type {number} */ value, /** @type {number} */ digits) =>
    Math.round(value * 10 ** digits) / 10 ** digits;
  // Creates of the larger stacks are their lifecycles' first operation (`--links` may make a
  // lifecycle as small as a stack measured on its own, which counts then).
  const upTimes = [
    ...ups.map((up) => ({ links: up.links, seconds: up.seconds, runs: up.runs })),
    ...lifecycles
      .filter(({ links }) => !ups.some((up) => up.links === links))
      .map(({ links, seconds }) => ({
        links,
        seconds: median(seconds.up.ours),
        runs: seconds.up.ours,
      })),
  ];
  const upBySize = Object.fromEntries(
    upTimes.map((up) => [String(up.links), round(up.seconds, 2)]),
  );
  const up1 = upTimes.find((up) => up.links === 1);
  const up100 = upTimes.find((up) => up.links === 100);
  const ratio = up1 && up100 ? round(up100.seconds / up1.seconds, 2) : null;
  const coldStartMs = round(median(coldStarts.map((run) => run.firstCheckMs)), 1);
  const validateMs = validate.ms === null ? null : round(validate.ms, 0);

  const result = {
    apiCallsPerOp: {
      create: calls.create.perLink,
      read: calls.read.perLink,
      update: calls.update.perLink,
      delete: calls.delete.perLink,
      preview: calls.preview.perLink,
    },
    providerBytesPerLink: state.providerBytesPerLink,
    stateBytesPerLink: state.stateBytesPerLink,
    nativeStateBytesPerLink: nativeState.stateBytesPerLink,
    upSeconds: upBySize,
    upRatio100to1: ratio,
    coldStartMs,
    validate1000Ms: validateMs,
    audit1000Seconds: round(audit.seconds, 2),
    auditApiCalls: audit.apiCalls,
    floorRatio: floorRatios(lifecycles),
    shapedFloorRatio: floorRatios(lifecycles, "shaped"),
    ...nativeFloorResults(lifecycles),
    lifecycleLinks: lifecycles.map((lifecycle) => lifecycle.links),
    peakRssMb: peakRss(lifecycles),
  };

  const opRow = (
    /** @type {keyof typeof calls} */ op,
    /** @type {number} */ max,
    /** @type {string} */ what,
  ) => ({
    metric: `apiCallsPerOp.${op}`,
    value: calls[op].perLink,
    shown: formatNumber(calls[op].perLink, 1),
    max,
    how: `${what} of ${callsLinks} links: ${calls[op].requests}`,
  });
  const spread = (/** @type {number[]} */ values) =>
    `${formatNumber(Math.min(...values), 1)}-${formatNumber(Math.max(...values), 1)}`;
  const rows = [
    opRow("create", TARGETS.create, "up"),
    opRow("read", TARGETS.read, "refresh"),
    opRow("update", TARGETS.update, "up after an idTypes change"),
    opRow("delete", TARGETS.delete, "destroy"),
    opRow("preview", TARGETS.preview, "preview of a changed program"),
    {
      metric: "providerBytesPerLink",
      value: state.providerBytesPerLink,
      shown: formatNumber(state.providerBytesPerLink),
      max: TARGETS.providerBytesPerLink,
      how:
        `${state.providerCopiesPerLink} copies per link (${state.providerPlaces}) × ` +
        `${formatNumber(state.providerBytesPerCopy)} B as stored ` +
        `(${formatNumber(state.providerTextBytes)} B of text); ` +
        `${state.distinctProviders} distinct text in ${state.links} links`,
    },
    {
      metric: "stateBytesPerLink",
      value: state.stateBytesPerLink,
      shown: formatNumber(state.stateBytesPerLink),
      max: TARGETS.stateBytesPerLink,
      how:
        `pulumi stack export of ${state.links} links: ${formatNumber(state.exportBytes)} B ` +
        `(compact, as the checkpoint holds it: ${formatNumber(state.compact.total)} B a link)`,
    },
    {
      metric: "nativeStateBytesPerLink",
      value: nativeState.stateBytesPerLink,
      shown: formatNumber(nativeState.stateBytesPerLink),
      max: undefined,
      how:
        `the same ${nativeState.links} links with the native smileid provider: ` +
        `${formatNumber(nativeState.exportBytes)} B`,
    },
    ...upTimes.map((up) => ({
      metric: `upSeconds.${up.links}`,
      value: up.seconds,
      shown: formatNumber(up.seconds, 2),
      max: undefined,
      how: `pulumi up creating ${up.links} link(s), ${upLatencyMs} ms API latency, median of ${up.runs.length}`,
    })),
    {
      metric: "upRatio100to1",
      value: ratio,
      shown: formatNumber(ratio, 2),
      max: undefined,
      how: "median pulumi up of 100 links over that of 1 link, same run (the floor replaced its bound)",
    },
    ...floorRows(lifecycles, upLatencyMs),
    {
      metric: "coldStartMs",
      value: coldStartMs,
      shown: formatNumber(coldStartMs, 1),
      max: TARGETS.coldStartMs,
      how:
        `first Check (stored __provider) in a listening host, median of ${coldStarts.length} ` +
        `(${spread(coldStarts.map((run) => run.firstCheckMs))} ms); the next Check ` +
        `${formatNumber(median(coldStarts.map((run) => run.secondCheckMs)), 1)} ms`,
    },
    {
      metric: "validate1000Ms",
      value: validateMs,
      shown: formatNumber(validateMs),
      max: TARGETS.validate1000Ms,
      how:
        validate.ms === null
          ? `not measured: ${validate.problem}`
          : `smile-links validate FILE of ${validateLinks} links (${formatNumber(validate.fileBytes)} B), ` +
            `median of ${validate.runsMs.length} (${spread(validate.runsMs)} ms), Node start included`,
    },
    {
      metric: "audit1000Seconds",
      value: round(audit.seconds, 2),
      shown: formatNumber(audit.seconds, 2),
      max: undefined,
      how:
        `smile-links audit of ${audit.links} links against ${audit.stacks} stack exports, ` +
        `median of ${audit.runsSeconds.length} (${spread(audit.runsSeconds)} s), Node start included`,
    },
    {
      metric: "auditApiCalls",
      value: audit.apiCalls,
      shown: formatNumber(audit.apiCalls),
      max: undefined,
      how: `${audit.requests}; findings ${JSON.stringify(audit.counts)}`,
    },
  ];

  const sections = [
    {
      title: `pulumi up with ${upLatencyMs} ms of API latency, a fresh stack each round`,
      headers: ["links", "median s", "s per link", "rounds s"],
      rows: upTimes.map((up) => [
        String(up.links),
        formatNumber(up.seconds, 2),
        formatNumber(up.seconds / up.links, 3),
        up.runs.map((run) => formatNumber(run, 2)).join(" "),
      ]),
    },
    ...floorSections(lifecycles),
    {
      title: `Operations counted (a ${callsLinks}-link stack, no injected latency)`,
      headers: ["operation", "CLI s", "API calls per link", "engine changes"],
      rows: Object.entries(calls).map(([op, entry]) => [
        op,
        formatNumber(entry.seconds, 2),
        formatNumber(entry.perLink, 1),
        JSON.stringify(entry.changes),
      ]),
    },
    {
      title: "Provider host cold start",
      headers: ["host", "spawn to ready ms", "first Check ms", "second Check ms"],
      rows: coldStarts.map((run, index) => [
        String(index + 1),
        formatNumber(run.startMs, 1),
        formatNumber(run.firstCheckMs, 1),
        formatNumber(run.secondCheckMs, 1),
      ]),
    },
  ];
  return {
    result,
    machine: { ...machine, bench: `${formatNumber(totalSeconds, 1)} s in all` },
    rows,
    sections,
  };
}
