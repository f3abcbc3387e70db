import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SmileLinkArgs } from "../../provider";
import { CREATE_MARKER_KEY } from "../../provider/link/create-marker";
import { useEmulator } from "../helpers/emulator";
import { engineStack, type EngineStack } from "../helpers/engine";
import { linkArgs } from "../helpers/links";

/**
 * A `pulumi up` killed with SIGKILL half way, then repaired the way a user would: what Pulumi
 * leaves behind (a lock, pending creates, links made whose state was lost) and the commands
 * that bring the stack back to exactly one enabled link per resource. An up with
 * SMILE_ID_ADOPT_ORPHANS=true takes over the links the killed run made, by their create
 * markers (link/create/marker.ts, link/create/orphan-index.ts).
 */
const emulator = useEmulator();

const execFileAsync = promisify(execFile);
const LINKS = 20;
/** Creates the emulator must have answered before the kill: about half of them. */
const CREATES_BEFORE_KILL = 10;
const FIXTURE = path.join(__dirname, "../fixtures", "interrupted-up.mjs");
const REPO_ROOT = path.resolve(__dirname, "../..");

const nameOf = (index: number) => `Interrupted link ${index}`;
const links = Object.fromEntries(
  Array.from({ length: LINKS }, (_, i) => [
    `link${i}`,
    linkArgs({ name: nameOf(i) }) as unknown as SmileLinkArgs,
  ]),
);

interface Deployment {
  resources?: { urn: string; id?: string; type: string; inputs?: Record<string, unknown> }[];
  pending_operations?: { type: string; resource: { urn: string; inputs: { name: string } } }[];
}

async function deployment(engine: EngineStack): Promise<Deployment> {
  return JSON.parse(await engine.exportText()).deployment;
}

const linkResources = (state: Deployment) =>
  (state.resources ?? []).filter((resource) => resource.type.endsWith("SmileLink"));

async function waitFor(what: string, ready: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  stat: string;
  /** When it started: with the pid, it names one process, as pids are reused. */
  started: string;
}

/** Processes as `ps` lists them: pid, parent, process group, state, start time. */
async function processes(): Promise<ProcessInfo[]> {
  const { stdout } = await execFileAsync("ps", ["-eo", "pid=,ppid=,pgid=,stat=,lstart="]);
  return stdout
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, pgid, stat, ...started]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      pgid: Number(pgid),
      stat: stat ?? "",
      started: started.join(" "),
    }));
}

/**
 * SIGKILLs the child and everything it started. The child leads its own process group (the
 * Automation API, the CLI), but the CLI starts each plugin, the provider host included, in a
 * group of its own: killing the child's group alone leaves the host running. A process can
 * start, or move to a group of its own, between the listing and the kill, and a process busy in
 * the kernel dies only when it leaves it: the tree is listed and killed again until none of it
 * is left (orphans keep their pid and start time after their parent died), at most 20 times.
 */
async function killTree(root: number): Promise<ProcessInfo[]> {
  const members = new Map<number, ProcessInfo>();
  const same = (a: ProcessInfo, b: ProcessInfo) => a.pid === b.pid && a.started === b.started;
  for (let round = 0; round < 20; round++) {
    const all = await processes();
    for (let grew = true; grew;) {
      grew = false;
      for (const p of all) {
        const inTree = p.pid === root || members.has(p.ppid);
        if (inTree && !members.has(p.pid)) grew = members.set(p.pid, p) !== undefined;
      }
    }
    const alive = all.filter((p) => {
      const member = members.get(p.pid);
      return member !== undefined && same(member, p) && !p.stat.startsWith("Z");
    });
    if (alive.length === 0) break;
    for (const group of new Set(alive.map((p) => p.pgid))) killQuietly(-group);
    for (const { pid } of alive) killQuietly(pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [...members.values()];
}

/** SIGKILL, where a process that is gone already is no error. */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

describe("a pulumi up killed with SIGKILL half way", () => {
  let engine: EngineStack;
  let child: ChildProcess;
  let killed: ProcessInfo[];
  let survivors: number[];
  beforeAll(async () => {
    engine = await engineStack(emulator(), links, { killSafeBackend: true });
    emulator().faults.set({ latencyMs: 300, latencyJitterMs: 300 });
    let output = "";
    child = spawn(process.execPath, [FIXTURE], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...engine.stack.workspace.envVars,
        INTERRUPTED_UP_SPEC: JSON.stringify({
          workDir: engine.stack.workspace.workDir,
          projectName: "smile-links-engine-test",
          stackName: engine.stack.name,
          binary: inject("pulumiBinary"),
          links,
        }),
      },
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const created = () =>
      emulator().requests.filter((r) => r.path === "/v1/smile_links" && r.status === 200).length;
    await waitFor(
      `${CREATES_BEFORE_KILL} creates (up output so far: ${output})`,
      () => created() >= CREATES_BEFORE_KILL || child.exitCode !== null,
      60_000,
    );
    expect(child.exitCode, `the up ended before the kill:\n${output}`).toBeNull();
    killed = await killTree(child.pid!);
    // The API finishes what it had received; wait until the log is quiet for a second.
    let seen = -1;
    await waitFor(
      "the emulator to settle",
      () => {
        const quiet = seen === emulator().requests.length;
        seen = emulator().requests.length;
        return quiet;
      },
      15_000,
    ).catch(() => undefined);
    // The same pid and start time: a pid freed by the kill may already name a new process.
    const wasKilled = (p: ProcessInfo) =>
      killed.some((k) => k.pid === p.pid && k.started === p.started);
    survivors = (await processes())
      .filter((p) => wasKilled(p) && !p.stat.startsWith("Z"))
      .map((p) => p.pid);
    emulator().faults.reset();
  });
  afterAll(async () => {
    for (const pid of survivors ?? []) killQuietly(pid);
    await engine?.remove();
  });

  it("leaves no process of the run alive, the provider host included", () => {
    expect(killed.length).toBeGreaterThanOrEqual(3);
    expect(survivors).toEqual([]);
  });

  it("runs on a backend that writes no sidecar file a kill could leave empty", async () => {
    const files = await readdir(engine.backendDir, { recursive: true });
    expect(files.some((file) => file.endsWith("test.json"))).toBe(true);
    expect(files.filter((file) => file.endsWith(".attrs"))).toEqual([]);
  });

  it("leaves the stack locked until pulumi cancel", async () => {
    const locked = await engine.stack.refresh().then(
      () => "refreshed",
      (error: Error) => error.message,
    );
    expect(locked).toMatch(/the stack is currently locked by 1 lock\(s\)/);
    expect(locked).toMatch(/delete the lock file with `pulumi cancel`/);
    await engine.stack.cancel();
  });

  it("records each create it cut off as a pending create", async () => {
    const state = await deployment(engine);
    const pending = state.pending_operations ?? [];
    expect(pending.length).toBeGreaterThan(0);
    expect(new Set(pending.map((op) => op.type))).toEqual(new Set(["creating"]));
    const inState = linkResources(state).map((r) => r.urn.split("::").pop());
    expect(inState.length + pending.length).toBeLessThanOrEqual(LINKS);
    for (const resource of linkResources(state)) {
      expect(emulator().store.get(resource.id!)?.disabled_at).toBeNull();
    }
  });

  it("keeps the pending creates through a non-interactive pulumi refresh", async () => {
    const before = (await deployment(engine)).pending_operations;
    await engine.stack.refresh();
    expect((await deployment(engine)).pending_operations).toEqual(before);
  });

  it("drops a pending create given to pulumi refresh --import-pending-creates, importing nothing", async () => {
    const before = await deployment(engine);
    const inState = new Set(linkResources(before).map((r) => r.id));
    const orphan = emulator()
      .store.list()
      .find((link) => !inState.has(link.ref_id))!;
    const urn = before.pending_operations!.find((op) => op.resource.inputs.name === orphan.name)!
      .resource.urn;
    // The Node.js Automation API has no option for it: the CLI, as a user would run it.
    await engine.cli(
      [
        "refresh",
        "--yes",
        "--skip-preview",
        "--non-interactive",
        "--stack",
        engine.stack.name,
      ].concat(["--import-pending-creates", urn, "--import-pending-creates", orphan.ref_id]),
    );
    const after = await deployment(engine);
    expect(after.pending_operations).toEqual(
      before.pending_operations!.filter((op) => op.resource.urn !== urn),
    );
    expect(linkResources(after).map((r) => r.urn)).not.toContain(urn);
  });

  it("leaves links made by the killed run as orphans: enabled, marked, and not in the state", async () => {
    const state = await deployment(engine);
    const inState = new Set(linkResources(state).map((r) => r.id));
    const inStateNames = new Set(linkResources(state).map((r) => r.inputs?.name));
    const orphans = emulator()
      .store.list()
      .filter((link) => !inState.has(link.ref_id));
    expect(orphans.length).toBeGreaterThan(0);
    for (const orphan of orphans) {
      expect(Object.values(links).map((args) => args.name)).toContain(orphan.name);
      expect(inStateNames).not.toContain(orphan.name);
      expect(orphan.disabled_at).toBeNull();
      expect(orphan.partner_params).toHaveProperty(CREATE_MARKER_KEY);
    }
  });

  it("previews a create for every pending link, with no word about pending creates", async () => {
    const state = await deployment(engine);
    let output = "";
    const preview = await engine.stack.preview({ onOutput: (text) => (output += text) });
    // Those with an orphan are taken over by the up, not made again (next test).
    expect(preview.changeSummary.create).toBe(LINKS - linkResources(state).length);
    expect(output).not.toMatch(/pending/i);
  });

  it("takes over each orphan on an up with SMILE_ID_ADOPT_ORPHANS=true: no duplicate, no loss", async () => {
    const state = await deployment(engine);
    const pending = state.pending_operations ?? [];
    const inState = new Set(linkResources(state).map((r) => r.id));
    const orphans = emulator()
      .store.list()
      .filter((link) => !inState.has(link.ref_id));
    let output = "";
    const { envVars } = engine.stack.workspace;
    envVars.SMILE_ID_ADOPT_ORPHANS = "true";
    await engine.stack.up({ onOutput: (text) => (output += text) });
    delete envVars.SMILE_ID_ADOPT_ORPHANS;
    expect(output).toContain(
      `warning: Attempting to deploy or update resources with ${pending.length} pending operations from previous deployment.`,
    );
    const all = emulator().store.list();
    expect(all.map((link) => link.name).sort()).toEqual(
      Array.from({ length: LINKS }, (_, i) => nameOf(i)).sort(),
    );
    expect(all.every((link) => link.disabled_at === null)).toBe(true);
    const ids = linkResources(await deployment(engine)).map((r) => r.id);
    expect(ids.sort()).toEqual(all.map((link) => link.ref_id).sort());
    for (const orphan of orphans) expect(ids).toContain(orphan.ref_id);
  });

  it("keeps the pending creates until pulumi refresh --clear-pending-creates", async () => {
    expect((await deployment(engine)).pending_operations?.length).toBeGreaterThan(0);
    await engine.stack.refresh({ clearPendingCreates: true });
    expect((await deployment(engine)).pending_operations ?? []).toEqual([]);
  });

  it("changes nothing on the next up", async () => {
    const result = await engine.stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: LINKS + 1 });
  });
});
