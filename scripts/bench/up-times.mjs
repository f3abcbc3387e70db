// Wall time of `pulumi up` creating a few links (1, 10), each on a fresh stack, with the emulator
// answering every API request after an injected delay: the engine's fixed cost, against which
// the larger stacks of lifecycle.mjs are read. The sizes take turns for a few rounds and each
// reports its median, so that a burst of load from other processes moves one sample, not the
// result.
import { openStack } from "./engine.mjs";
import { benchLinks } from "./links.mjs";
import { median } from "./stats.mjs";

/**
 * @typedef {object} UpTime
 * @property {number} links
 * @property {number} seconds median wall time of `pulumi up`
 * @property {number[]} runs each round's wall time of `pulumi up`, in order
 */

/**
 * @param {object} options
 * @param {string} options.binary
 * @param {string} options.project from `createBenchProject`
 * @param {Record<string, string>} options.env from `benchEnv`
 * @param {number[]} options.sizes link counts, one fresh stack each per round
 * @param {number} options.rounds
 * @param {(line: string) => void} options.log
 * @returns {Promise<UpTime[]>}
 */
export async function measureUpTimes({ binary, project, env, sizes, rounds, log }) {
  const samples = sizes.map((links) => ({ links, runs: /** @type {number[]} */ ([]) }));
  for (let round = 1; round <= rounds; round++) {
    for (const sample of samples) {
      const stack = await openStack({
        binary,
        project,
        env,
        stackName: `up-${sample.links}-round-${round}`,
        program: "ours",
        links: benchLinks(sample.links),
      });
      const { seconds } = await stack.up();
      log(`up, round ${round}/${rounds}: ${sample.links} link(s) in ${seconds.toFixed(2)} s`);
      sample.runs.push(seconds);
    }
  }
  return samples.map(({ links, runs }) => ({ links, seconds: median(runs), runs }));
}
