import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execute } from "./pulumi-run";
import { condition, interpolate, type Context } from "./workflow-expressions";

/**
 * Runs a GitHub Actions workflow's jobs for one event on this machine, as a runner would: jobs
 * in the order of their `needs`, each matrix entry at once, `if:` conditions and `${{ }}`
 * expressions evaluated by GitHub's own expression library, `run:` scripts under `bash -e` with
 * the job's environment, and each `uses:` step replaced by what `standIn` says it stands for.
 */

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string>;
}

interface Job {
  if?: string;
  environment?: string;
  needs?: string | string[];
  strategy?: { matrix: Record<string, unknown[]> };
  env?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface StepRun {
  step: string;
  status: "success" | "failure" | "skipped";
  output: string;
}

export interface JobRun {
  job: string;
  matrix: Record<string, unknown>;
  status: "success" | "failure" | "skipped";
  steps: StepRun[];
  /** What the job wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** What a `uses:` step does in the rehearsal, given its evaluated `with:` inputs. */
export type StandIn = (
  inputs: Record<string, string>,
  run: (script: string) => Promise<{ code: number; output: string }>,
) => Promise<{ code: number; output: string }>;

/** A GitHub environment: its secrets, and the variables that stand for where its account is. */
export interface Environment {
  secrets: Record<string, string>;
  env: Record<string, string>;
}

export interface Runner {
  /** The checked-out repository. */
  cwd: string;
  /** The runner's own environment: PATH with the tools. */
  env: Record<string, string | undefined>;
  /** The repository's secrets and variables. */
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** The GitHub environments, by name; a job's `environment:` adds its secrets. */
  environments: Record<string, Environment>;
  /** `uses:` steps by action (`owner/name`, without the version). */
  standIns: Record<string, StandIn>;
  /** `run:` scripts that the rehearsal's setup already did, each with why. */
  done: Record<string, string>;
}

function interpolated(values: Record<string, string | boolean> | undefined, context: Context) {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([key, value]) => [key, interpolate(String(value), context)]),
  );
}

/** The jobs in an order that runs each after the jobs it needs. */
function jobOrder(jobs: Record<string, Job>): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    for (const need of [jobs[name]!.needs ?? []].flat()) visit(need);
    order.push(name);
  };
  Object.keys(jobs).forEach(visit);
  return order;
}

/** The matrix's entries: every combination of its lists (one empty entry without a matrix). */
function matrixEntries(job: Job): Record<string, unknown>[] {
  return Object.entries(job.strategy?.matrix ?? {}).reduce<Record<string, unknown>[]>(
    (entries, [key, values]) =>
      entries.flatMap((entry) => values.map((value) => ({ ...entry, [key]: value }))),
    [{}],
  );
}

/** Runs every job of `workflow` for the event `github.event_name`, as GitHub would. */
export async function runWorkflow(
  workflow: Workflow,
  github: Record<string, unknown>,
  runner: Runner,
): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for (const name of jobOrder(workflow.jobs)) {
    const job = workflow.jobs[name]!;
    const needs = [job.needs ?? []].flat();
    const blocked = runs.some((run) => needs.includes(run.job) && run.status !== "success");
    const base = { github, secrets: runner.secrets, vars: runner.vars, needs: {} };
    for (const matrix of matrixEntries(job)) {
      if (blocked || !condition(job.if, { ...base, matrix }, false)) {
        runs.push({ job: name, matrix, status: "skipped", steps: [], summary: "" });
      }
    }
    if (runs.some((run) => run.job === name)) continue;
    runs.push(
      ...(await Promise.all(
        matrixEntries(job).map((matrix) => runJob(name, job, matrix, workflow, github, runner)),
      )),
    );
  }
  return runs;
}

async function runJob(
  name: string,
  job: Job,
  matrix: Record<string, unknown>,
  workflow: Workflow,
  github: Record<string, unknown>,
  runner: Runner,
): Promise<JobRun> {
  const temp = await mkdtemp(path.join(tmpdir(), `smile-links-job-${name}-`));
  try {
    const files = {
      GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
      GITHUB_OUTPUT: path.join(temp, "output"),
      GITHUB_ENV: path.join(temp, "env"),
    };
    for (const file of Object.values(files)) await writeFile(file, "");
    const base: Context = { github, vars: runner.vars, matrix, needs: {} };
    const environment = job.environment
      ? runner.environments[interpolate(job.environment, base)]
      : undefined;
    if (job.environment && !environment) {
      throw new Error(`job ${name}: the rehearsal has no environment ${job.environment}`);
    }
    const context: Context = {
      ...base,
      secrets: { ...runner.secrets, ...environment?.secrets },
      runner: { temp, os: "Linux" },
    };
    const workflowEnv = interpolated(workflow.env, context);
    const jobEnv = { ...workflowEnv, ...interpolated(job.env, { ...context, env: workflowEnv }) };
    const steps: StepRun[] = [];
    let failed = false;
    for (const [index, step] of job.steps.entries()) {
      const label = step.name ?? step.run?.split("\n")[0] ?? step.uses ?? `step ${index + 1}`;
      const stepContext = { ...context, env: jobEnv };
      if (!condition(step.if, stepContext, failed)) {
        steps.push({ step: label, status: "skipped", output: "" });
        continue;
      }
      const env = {
        ...runner.env,
        ...environment?.env,
        ...files,
        RUNNER_TEMP: temp,
        GITHUB_EVENT_NAME: String(github.event_name),
        GITHUB_REPOSITORY: String(github.repository),
        GITHUB_WORKSPACE: runner.cwd,
        CI: "true",
        GITHUB_ACTIONS: "true",
        ...jobEnv,
        ...interpolated(step.env, stepContext),
      };
      const run = async (script: string) => {
        const file = path.join(temp, `step-${index}.sh`);
        await writeFile(file, script);
        await chmod(file, 0o755);
        return execute("bash", ["-e", file], { cwd: runner.cwd, env });
      };
      const done = step.run === undefined ? undefined : runner.done[step.run.trim()];
      const result =
        done !== undefined
          ? { code: 0, output: `(done by the rehearsal: ${done})` }
          : step.run !== undefined
            ? await run(step.run)
            : await standInFor(step, runner)(interpolated(step.with, stepContext), run);
      steps.push({ step: label, status: result.code === 0 ? "success" : "failure", ...result });
      if (result.code !== 0) failed = true;
    }
    const summary = await readFile(files.GITHUB_STEP_SUMMARY, "utf8");
    return { job: name, matrix, status: failed ? "failure" : "success", steps, summary };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function standInFor(step: Step, runner: Runner): StandIn {
  const action = step.uses!.split("@")[0]!;
  const standIn = runner.standIns[action];
  if (!standIn) throw new Error(`the rehearsal has no stand-in for ${step.uses}`);
  return standIn;
}
