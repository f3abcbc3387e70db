// The benchmark's command line: `--json`, `--full`, and `--links N` for quicker runs of the
// stacks measured against the floors.
import { KINDS, LARGE_KINDS } from "./lifecycle.mjs";

/** Links in the stack whose whole life is measured by default; `--full` adds ten times as many. */
const DEFAULT_LINKS = 100;
/** Rounds of the smaller stack (the kinds taking turns; the median counts). */
const SMALL_ROUNDS = 3;
/**
 * Rounds of the larger stack: one, so that `--full` fits in an hour on 2 cores
 * (docs/performance.md, "The benchmark").
 */
const LARGE_ROUNDS = 1;

/**
 * @typedef {object} BenchOptions
 * @property {boolean} json end with the JSON line
 * @property {{ links: number; rounds: number; kinds: import("./lifecycle.mjs").Kind[] }[]}
 *   lifecycleSizes the stacks measured against the floors, smaller first
 */

/**
 * @param {string[]} args `process.argv.slice(2)`
 * @returns {BenchOptions}
 * @throws {Error} for an argument it does not know, or a link count that is not a whole number
 *   from 1 up
 */
export function parseBenchArgs(args) {
  let json = false;
  let full = false;
  let links = DEFAULT_LINKS;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--json") json = true;
    else if (arg === "--full") full = true;
    else if (arg === "--links" || arg.startsWith("--links=")) {
      const value = arg === "--links" ? args[++index] : arg.slice("--links=".length);
      links = Number(value);
      if (!Number.isInteger(links) || links < 1) {
        throw new Error(
          `--links takes a whole number of links from 1 up, not ${value ?? "nothing"}`,
        );
      }
    } else {
      throw new Error(`unknown argument ${arg}: npm run bench -- [--json] [--full] [--links N]`);
    }
  }
  const small = { links, rounds: SMALL_ROUNDS, kinds: KINDS };
  const large = { links: links * 10, rounds: LARGE_ROUNDS, kinds: LARGE_KINDS };
  return { json, lifecycleSizes: full ? [small, large] : [small] };
}
