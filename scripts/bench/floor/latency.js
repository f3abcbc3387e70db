// How long the floors' operations take: as long as the bench's emulator takes to answer.
const { setTimeout } = require("node:timers/promises");

/** Set by the benchmark for the CLI, whose provider host inherits it. */
const LATENCY_VARIABLE = "SMILE_LINKS_BENCH_LATENCY_MS";

module.exports = function apiLatency() {
  return setTimeout(Number(process.env[LATENCY_VARIABLE] ?? 0));
};
