// What the processes of a Pulumi CLI command use, read from Linux's /proc while it runs: peak
// memory and CPU time, by role: the CLI (the engine) itself, the Node.js process running the
// program, the dynamic-provider host (started through the `pulumi-resource-pulumi-nodejs`
// launcher) and the native plugins (smileid's and the native floor's, from their launchers or
// as standalone executables). A process's VmHWM is its peak resident set so far, so sampling it
// now and then finds the peak even between samples, up to the last sample; its CPU time is
// counted up to its last sample, so a process that exits between samples loses up to
// SAMPLE_EVERY_MS of it.
import { readdirSync, readFileSync } from "node:fs";
import { clearInterval, setInterval } from "node:timers";

const SAMPLE_EVERY_MS = 100;
/** Clock ticks a second, in which /proc/PID/stat counts CPU time (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
/** @type {Role[]} */
export const ROLES = ["cli", "program", "providerHost", "plugin"];

/**
 * @typedef {"cli" | "program" | "providerHost" | "plugin"} Role
 * @typedef {Record<Role, number | null>} PeakRss peak resident set in MiB; null: not seen
 * @typedef {Record<Role, number>} CpuSeconds CPU time (user and system) of each role's processes
 * @typedef {{ peakRssMb: PeakRss; cpuSeconds: CpuSeconds }} ProcessUse
 */

/**
 * Starts sampling the process tree under `rootPid` (the CLI); `stop()` takes a last sample and
 * returns what each role used. Where /proc does not exist, every peak is null and every CPU
 * time 0.
 *
 * @param {number} rootPid
 * @returns {{ stop(): ProcessUse }}
 */
export function sampleProcesses(rootPid) {
  /** @type {PeakRss} */
  const peaks = { cli: null, program: null, providerHost: null, plugin: null };
  /** @type {Map<number, Role>} roles by pid, kept once known (a launcher's changes at exec) */
  const roles = new Map();
  /** @type {Map<number, number>} CPU seconds by pid, at its last sample */
  const cpu = new Map();
  const sample = () => {
    for (const pid of descendants(rootPid)) {
      if (!roles.has(pid)) {
        const found = pid === rootPid ? "cli" : roleOf(pid);
        if (found) roles.set(pid, found);
      }
      const role = roles.get(pid);
      if (!role) continue;
      const mib = peakResidentMib(pid);
      if (mib !== null) peaks[role] = Math.max(peaks[role] ?? 0, mib);
      const seconds = cpuSeconds(pid);
      if (seconds !== null) cpu.set(pid, seconds);
    }
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  sample();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpuSecondsByRole = /** @type {CpuSeconds} */ (
        Object.fromEntries(ROLES.map((role) => [role, 0]))
      );
      for (const [pid, seconds] of cpu) {
        const role = roles.get(pid);
        if (role) cpuSecondsByRole[role] += seconds;
      }
      return { peakRssMb: peaks, cpuSeconds: cpuSecondsByRole };
    },
  };
}

/**
 * `rootPid` and every process below it, from the parent pids in /proc/PID/stat.
 *
 * @param {number} rootPid
 * @returns {number[]}
 */
function descendants(rootPid) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of safeReaddir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = safeRead(`/proc/${pid}/stat`);
    // The command name, in parentheses, may hold spaces: the fields after it are plain.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) : NaN;
    if (!Number.isInteger(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = /** @type {number} */ (queue.shift());
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * The program is the Node.js process running `@pulumi/pulumi/cmd/run`; the provider host the
 * one running `@pulumi/pulumi/cmd/dynamic-provider`; a plugin is a standalone executable `pulumi-resource-smileid` (or `-floorid`), or Node.js on
 * the script its launcher runs (which `exec`s it, keeping the launcher's pid).
 *
 * @param {number} pid
 * @returns {Role | undefined}
 */
function roleOf(pid) {
  return roleOfCommandLine(safeRead(`/proc/${pid}/cmdline`) ?? "");
}

/**
 * @param {string} commandLine arguments separated by NUL, as /proc/PID/cmdline holds them
 * @returns {Role | undefined}
 */
export function roleOfCommandLine(commandLine) {
  // The dynamic host's launcher first runs `node -e` to find that script, naming it without
  // `index.js`.
  if (/cmd[/\\]dynamic-provider[/\\]index\.js/.test(commandLine)) return "providerHost";
  if (/@pulumi[/\\]pulumi[/\\]cmd[/\\]run([/\\]|\0|$)/.test(commandLine)) return "program";
  // A launcher's shell, before its `exec`, runs the launcher as its script.
  const [program, script] = commandLine.split("\0");
  const plugin =
    /(^|[/\\])(pulumi-resource-(smileid|floorid)|dist[/\\]native[/\\]main\.js|smile-links-floor[/\\]native[/\\]plugin\.js)$/;
  return [program, script].some((arg) => plugin.test(arg ?? "")) ? "plugin" : undefined;
}

/**
 * User and system CPU time so far, from the 14th and 15th fields of /proc/PID/stat.
 *
 * @param {number} pid
 */
function cpuSeconds(pid) {
  const stat = safeRead(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** @param {number} pid */
function peakResidentMib(pid) {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(safeRead(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) / 1024 : null;
}

/** @param {string} file a /proc file, which may vanish with its process */
function safeRead(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** @param {string} dir */
function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
