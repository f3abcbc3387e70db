// Our links against the floors: for each size, the whole life of a stack (an up that creates
// every resource, an up that changes nothing, a preview, a refresh, a destroy), with SmileLinks,
// with the floor's do-nothing resources of the same inputs, and with the shaped floor's (the
// same, with a SmileLink's outputs and state), the emulator and the floors taking the same time
// to answer. The kinds take turns at each operation, in an order that rotates from round to
// round, so that load from other processes hits all alike; each operation reports its median
// over the rounds.
import { benchLinks } from "./links.mjs";
import { openStack } from "./engine.mjs";

/** @type {import("./engine.mjs").Kind[]} */
export const KINDS = ["ours", "floor", "shaped"];
/** The operations of a stack's life, in order. */
export const OPS = /** @type {const} */ (["up", "noop", "preview", "refresh", "destroy"]);
/** @typedef {(typeof OPS)[number]} Op */
/** @typedef {import("./engine.mjs").Kind} Kind */

/**
 * @typedef {object} Lifecycle
 * @property {number} links
 * @property {Record<Op, Record<Kind, number[]>>} seconds each round's wall time, in order
 * @property {Record<Kind, import("./memory.mjs").PeakRss>} peakRssMb the highest of any operation
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
 * @param {object} options
 * @param {string} options.binary
 * @param {string} options.project from `createBenchProject`
 * @param {Record<string, string>} options.env from `benchEnv`, with the latency the emulator has
 * @param {number[]} options.sizes
 * @param {number} options.rounds
 * @param {(line: string) => void} options.log
 * @returns {Promise<Lifecycle[]>}
 */
export async function measureLifecycles({ binary, project, env, sizes, rounds, log }) {
  const results = [];
  for (const links of sizes) {
    /** @type {Lifecycle} */
    const result = {
      links,
      seconds: /** @type {Lifecycle["seconds"]} */ (
        Object.fromEntries(OPS.map((op) => [op, perKind(() => [])]))
      ),
      peakRssMb: perKind(() => ({ cli: null, providerHost: null })),
      exportText: perKind(() => ""),
    };
    for (let round = 1; round <= rounds; round++) {
      const order = KINDS.map((_, index) => KINDS[(index + round - 1) % KINDS.length]);
      const stacks = Object.fromEntries(
        await Promise.all(
          order.map(async (kind) => [
            kind,
            await openStack({
              binary,
              project,
              env,
              stackName: `${kind}-${links}-round-${round}`,
              kind,
              links: benchLinks(links),
            }),
          ]),
        ),
      );
      for (const op of OPS) {
        for (const kind of order) {
          const stack = stacks[kind];
          const run = op === "up" || op === "noop" ? stack.up : stack[op];
          const { seconds, changes, peakRssMb } = await run();
          log(`${links} links, round ${round}/${rounds}: ${kind} ${op} ${seconds.toFixed(2)} s`);
          // A time is worth something only if the operation did what it is named for.
          const expected = { [EXPECTED[op]]: links + 1 };
          if (JSON.stringify(changes) !== JSON.stringify(expected)) {
            throw new Error(
              `${kind} ${op} of ${links} links changed ${JSON.stringify(changes)}, ` +
                `not ${JSON.stringify(expected)}`,
            );
          }
          result.seconds[op][kind].push(seconds);
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
 * @param {import("./memory.mjs").PeakRss} a
 * @param {import("./memory.mjs").PeakRss} b
 */
function higher(a, b) {
  const max = (/** @type {number | null} */ x, /** @type {number | null} */ y) =>
    x === null ? y : y === null ? x : Math.max(x, y);
  return { cli: max(a.cli, b.cli), providerHost: max(a.providerHost, b.providerHost) };
}
