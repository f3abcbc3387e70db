// API calls per link of each operation, counted in the emulator's request log while the real
// engine runs a stack through its life: up (create), refresh (read), preview of a changed
// program, up (update of idTypes), destroy (delete).
import { openStack } from "./engine.mjs";
import { benchLinks } from "./links.mjs";

/**
 * @typedef {object} OpCalls
 * @property {number} perLink API requests per link
 * @property {string} requests what they were, e.g. `POST /smile_links ×10`
 * @property {Record<string, number>} changes the engine's summary of the operation
 * @property {number} seconds wall time of the CLI command
 */

/**
 * @param {object} options
 * @param {import("../../dist/emulator").RunningEmulator} options.emulator
 * @param {string} options.binary
 * @param {string} options.project from `createBenchProject`
 * @param {Record<string, string>} options.env from `benchEnv`
 * @param {number} options.links how many links the stack holds
 * @param {(line: string) => void} options.log
 * @returns {Promise<Record<"create" | "read" | "preview" | "update" | "delete", OpCalls>>}
 */
export async function measureApiCalls({ emulator, binary, project, env, links, log }) {
  const stack = await openStack({
    binary,
    project,
    env,
    stackName: "api-calls",
    program: "ours",
    links: benchLinks(links),
  });
  /** @type {Record<string, OpCalls>} */
  const ops = {};
  /**
   * @param {string} op
   * @param {() => Promise<import("./engine.mjs").OpResult>} run
   */
  const count = async (op, run) => {
    log(`api calls: ${op} of ${links} links`);
    emulator.clearRequests();
    const { changes, seconds } = await run();
    const requests = [...emulator.requests];
    ops[op] = { perLink: requests.length / links, requests: describe(requests), changes, seconds };
  };

  await count("create", () => stack.up());
  await count("read", () => stack.refresh());
  await stack.setLinks(benchLinks(links, 1));
  await count("preview", () => stack.preview());
  await count("update", () => stack.up());
  await count("delete", () => stack.destroy());
  return /** @type {Record<"create" | "read" | "preview" | "update" | "delete", OpCalls>} */ (ops);
}

/**
 * Groups requests by method and path, a link's ref_id shown as `:ref_id`.
 *
 * @param {{ method: string; path: string }[]} requests
 */
function describe(requests) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const { method, path } of requests) {
    const route = path
      .replace(/^\/v1/, "")
      .replace(/^\/smile_links\/(?!:list$)[^/]+$/, "/smile_links/:ref_id");
    const key = `${method} ${route}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} ×${n}`).join(", ") || "none";
}
