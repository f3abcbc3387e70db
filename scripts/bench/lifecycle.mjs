// Each kind of resource against the floors: for each size, the whole life of a stack (an up that
// creates every resource, an up that changes nothing, a preview, a refresh, a destroy), for
// every kind of KINDS, the emulator and the floors taking the same time to answer. The kinds
// take turns at each operation, in an order that rotates from round to round, so that load from
// other processes hits all alike; each operation reports its median over the rounds.
import { benchLinks } from "./links.mjs";
import { openStack } from "./engine.mjs";

/**
 * @typedef {object} KindSpec
 * @property {import("./engine.mjs").Program} program what the stack's program declares
 * @property {import("./project.mjs").Install} project the project it runs in, which says how
 *   the native plugins are installed
 * @property {string} what the kind, for the tables
 */

/** The kinds of resource measured, each in the project where users would run it. */
export const KIND_SPECS = /** @type {const} */ ({
  ours: { program: "ours", project: "launcher", what: "dynamic SmileLink" },
  floor: { program: "floor", project: "launcher", what: "dynamic floor" },
  shaped: { program: "shaped", project: "launcher", what: "dynamic shaped floor" },
  native: { program: "native", project: "launcher", what: "native, npm package's launcher" },
  nativeFloor: { program: "nativeFloor", project: "launcher", what: "native floor, launcher" },
  nativeShaped: {
    program: "nativeShaped",
    project: "launcher",
    what: "native shaped floor, launcher",
  },
  standalone: { program: "native", project: "standalone", what: "native, release's executable" },
  standaloneFloor: {
    program: "nativeFloor",
    project: "standalone",
    what: "native floor, standalone",
  },
  standaloneShaped: {
    program: "nativeShaped",
    project: "standalone",
    what: "native shaped floor, standalone",
  },
});
/** @typedef {keyof typeof KIND_SPECS} Kind */
/** @type {Kind[]} */
export const KINDS = /** @type {Kind[]} */ (Object.keys(KIND_SPECS));
/**
 * The kinds of the 1,000-link stacks: all but the standalone floors, whose install changes a
 * plugin's start (tens of ms) in lives of minutes; the standalone provider is measured against
 * the launcher's floors there (floor-ratios.mjs), and `--full` fits in an hour on 2 cores.
 *
 * @type {Kind[]}
 */
export const LARGE_KINDS = KINDS.filter(
  (kind) => kind !== "standaloneFloor" && kind !== "standaloneShaped",
);
/** The operations of a stack's life, in order. */
export const OPS = /** @type {const} */ (["up", "noop", "preview", "refresh", "destroy"]);
/** @typedef {(typeof OPS)[number]} Op */

/**
 * @typedef {object} Lifecycle
 * @property {number} links
 * @property {Kind[]} kinds the kinds measured; the others' records stay empty
 * @property {Record<Op, Record<Kind, number[]>>} seconds each round's wall time, in order
 * @property {Record<Kind, import("./processes.mjs").PeakRss>} peakRssMb the highest of any operation
 * @property {Record<Op, Record<Kind, import("./processes.mjs").CpuSeconds[]>>} cpuSeconds each
 *   round's CPU time by process, in order
 * @property {Record<Kind, string>} exportText `pulumi stack export` after the first round's up
 */

/** What each operation must report for a stack of `links` resources (and the stack itself). */
const EXPECTED = {
  up: "create",
  noop: "same",
  preview: "same",
  refresh: "same",
  destroy: "delete",
};

/**
 * The order the kinds take turns in, in round `round` (from 1): each round starts one kind
 * later than the one before.
 *
 * @template T
 * @param {readonly T[]} kinds
 * @param {number} round
 * @returns {T[]}
 */
export function turnOrder(kinds, round) {
  return kinds.map((_, index) => kinds[(index + round - 1) % kinds.length]);
}

/**
 * A stack's name: the kind by its place in KINDS, so that every kind's names (which each
 * resource's URN holds, three times) are as long, and so is its state.
 *
 * @param {Kind} kind
 * @param {number} links
 * @param {number} round
 */
export function stackName(kind, links, round) {
  return `kind-${KINDS.indexOf(kind) + 1}-${links}-round-${round}`;
}

/**
 * @param {object} options
 * @param {string} options.binary
 * @param {import("./project.mjs").BenchProjects} options.projects from `createBenchProjects`
 * @param {Record<string, string>} options.env from `benchEnv`, with the latency the emulator has
 * @param {{ links: number; rounds: number; kinds: Kind[] }[]} options.sizes each size, its
 *   rounds and the kinds it measures
 * @param {(line: string) => void} options.log
 * @returns {Promise<Lifecycle[]>}
 */
export async function measureLifecycles({ binary, projects, env, sizes, log }) {
  const results = [];
  for (const { links, rounds, kinds } of sizes) {
    /** @type {Lifecycle} */
    const result = {
      links,
      kinds,
      seconds: /** @type {Lifecycle["seconds"]} */ (
        Object.fromEntries(OPS.map((op) => [op, perKind(() => [])]))
      ),
      cpuSeconds: /** @type {Lifecycle["cpuSeconds"]} */ (
        Object.fromEntries(OPS.map((op) => [op, perKind(() => [])]))
      ),
      peakRssMb: perKind(() => ({ cli: null, program: null, providerHost: null, plugin: null })),
      exportText: perKind(() => ""),
    };
    for (let round = 1; round <= rounds; round++) {
      const order = turnOrder(kinds, round);
      const stacks = Object.fromEntries(
        await Promise.all(
          order.map(async (kind) => [
            kind,
            await openStack({
              binary,
              project: projects[KIND_SPECS[kind].project],
              env,
              stackName: stackName(kind, links, round),
              program: KIND_SPECS[kind].program,
              links: benchLinks(links),
            }),
          ]),
        ),
      );
      for (const op of OPS) {
        for (const kind of order) {
          const stack = stacks[kind];
          const run = op === "up" || op === "noop" ? stack.up : stack[op];
          const { seconds, changes, peakRssMb, cpuSeconds } = await run();
          log(`${links} links, round ${round}/${rounds}: ${kind} ${op} ${seconds.toFixed(2)} s`);
          // A time is worth something only if the operation did what it is named for (the
          // summary counts the links and the stack, not a default provider).
          const expected = { [EXPECTED[op]]: links + 1 };
          if (JSON.stringify(changes) !== JSON.stringify(expected)) {
            throw new Error(
              `${kind} ${op} of ${links} links changed ${JSON.stringify(changes)}, ` +
                `not ${JSON.stringify(expected)}`,
            );
          }
          result.seconds[op][kind].push(seconds);
          result.cpuSeconds[op][kind].push(cpuSeconds);
          result.peakRssMb[kind] = higher(result.peakRssMb[kind], peakRssMb);
          if (op === "up" && round === 1) result.exportText[kind] = await stack.exportText();
        }
      }
    }
    results.push(result);
  }
  return results;
}

/**
 * @template T
 * @param {() => T} make
 * @returns {Record<Kind, T>}
 */
function perKind(make) {
  return /** @type {Record<Kind, T>} */ (Object.fromEntries(KINDS.map((kind) => [kind, make()])));
}

/**
 * @param {import("./processes.mjs").PeakRss} a
 * @param {import("./processes.mjs").PeakRss} b
 */
function higher(a, b) {
  const max = (/** @type {number | null} */ x, /** @type {number | null} */ y) =>
    x === null ? y : y === null ? x : Math.max(x, y);
  return {
    cli: max(a.cli, b.cli),
    program: max(a.program, b.program),
    providerHost: max(a.providerHost, b.providerHost),
    plugin: max(a.plugin, b.plugin),
  };
}
