// Wall time of `pulumi up` creating 1, 10, 100... links, each on a fresh stack, with the
// emulator answering every API request after an injected delay. The sizes take turns for a
// few rounds and each reports its median, so that a burst of load from other processes on
// the machine moves one sample, not the result.
import { benchLinks } from "./links.mjs";
import { median } from "./stats.mjs";

/**
 * @typedef {object} UpTime
 * @property {number} links
 * @property {number} seconds median wall time of `pulumi up`
 * @property {number[]} runs each round's wall time of `pulumi up`, in order
 * @property {number} totalSeconds median of the Automation API's `up()`, follow-up calls included
 * @property {number} apiRequests requests the emulator answered (last round)
 * @property {Record<string, number>} changes the engine's summary (last round)
 * @property {{ exportText(): Promise<string> }} stack the last round's stack
 */

/**
 * @param {object} options
 * @param {import("../../dist/emulator").RunningEmulator} options.emulator
 * @param {{ openStack: Function }} options.backend from `createBackend` (engine.mjs)
 * @param {number[]} options.sizes link counts, one fresh stack each per round
 * @param {number} options.rounds
 * @param {number} options.latencyMs added to every API answer
 * @param {(line: string) => void} options.log
 * @returns {Promise<UpTime[]>}
 */
export async function measureUpTimes({ emulator, backend, sizes, rounds, latencyMs, log }) {
  const samples = sizes.map((links) => ({ links, runs: [], totals: [], last: {} }));
  emulator.faults.set({ latencyMs });
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const sample of samples) {
        const stack = await backend.openStack(
          `up-${sample.links}-round-${round}`,
          benchLinks(sample.links),
        );
        emulator.clearRequests();
        const { seconds, totalSeconds, changes } = await stack.up();
        log(`up, round ${round}/${rounds}: ${sample.links} link(s) in ${seconds.toFixed(2)} s`);
        sample.runs.push(seconds);
        sample.totals.push(totalSeconds);
        sample.last = { apiRequests: emulator.requests.length, changes, stack };
      }
    }
  } finally {
    emulator.faults.reset();
  }
  return samples.map(({ links, runs, totals, last }) => ({
    links,
    seconds: median(runs),
    runs,
    totalSeconds: median(totals),
    ...last,
  }));
}
