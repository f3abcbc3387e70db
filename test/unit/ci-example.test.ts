import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * The CI examples' shape: what test/engine/ci-rehearsal.test.ts cannot see by running the
 * GitHub one (pull requests from forks, which inputs go where) and the GitLab one, which is
 * not rehearsed, kept to the same commands.
 */
const root = path.resolve(__dirname, "../..");
const text = readFileSync(path.join(root, "examples/ci/smile-links.yml"), "utf8");
const workflow = parse(text);

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string | boolean>;
}
interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
  strategy?: { matrix: { stack: string[] } };
}
const jobs = workflow.jobs as Record<string, Job>;
const steps = Object.values(jobs).flatMap((job) => job.steps);
const scripts = steps.flatMap((step) => (step.run ? [step.run] : []));
const pulumiActions = (job: Job) => job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
/** The pack and its config as the preview passes them to the CLI. */
const PACK_ARGS = '--policy-pack "$POLICY_PACK" --policy-pack-config "$POLICY_CONFIG"';

describe("the GitHub Actions example", () => {
  it("reviews pull requests, deploys merges to main and checks for drift daily", () => {
    expect(Object.keys(workflow.on)).toEqual([
      "pull_request",
      "pull_request_target",
      "push",
      "schedule",
    ]);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(Object.keys(jobs)).toEqual([
      "validate",
      "review",
      "preview",
      "up-sandbox",
      "up-production",
      "drift",
    ]);
  });

  it("validates with the package's own command, on files that exist", () => {
    const validations = scripts.filter((run) => run.startsWith("npx smile-links validate"));
    expect(validations).toHaveLength(2);
    for (const run of validations) {
      expect(existsSync(path.join(root, run.split(" ").pop()!))).toBe(true);
    }
  });

  it("previews each stack once per pull request, with the policy pack, and comments that preview", () => {
    const preview = jobs.preview!;
    expect(preview.strategy!.matrix.stack).toEqual(["sandbox", "production"]);
    const previews = scripts.filter((run) => run.includes("pulumi preview"));
    expect(previews).toHaveLength(1);
    expect(previews[0]!.replace(/\\\n\s*/g, "")).toContain(PACK_ARGS);
    expect(steps.filter((step) => step.with?.command === "preview")).toEqual([]);
    const comment = preview.steps.find((step) => step.uses?.startsWith("marocchino/"))!;
    expect(comment.if).toBe("${{ !cancelled() }}");
    expect(comment.with!.path).toBe("${{ runner.temp }}/comment.md");
    expect(previews[0]).toContain('> "$RUNNER_TEMP/comment.md"');
  });

  it("creates a missing stack before a preview and on every deploy", () => {
    expect(scripts.some((run) => run.includes('pulumi stack select --create "$STACK"'))).toBe(true);
    for (const name of ["up-sandbox", "up-production"]) {
      const [up] = pulumiActions(jobs[name]!).filter((step) => step.with?.command === "up");
      expect(up!.with!.upsert).toBe(true);
    }
  });

  it("deploys with the pack and configuration that the preview runs", () => {
    expect(workflow.env).toMatchObject({
      POLICY_PACK: "node_modules/pulumi-smile-links/policy",
      POLICY_CONFIG: "smile-links-policy.json",
    });
    expect(existsSync(path.join(root, "examples/ci/smile-links-policy.json"))).toBe(true);
    for (const name of ["up-sandbox", "up-production"]) {
      const [up] = pulumiActions(jobs[name]!).filter((step) => step.with?.command === "up");
      expect(up!.with).toMatchObject({
        policyPacks: "${{ env.POLICY_PACK }}",
        policyPackConfigs: "${{ env.POLICY_CONFIG }}",
      });
    }
  });

  it("runs one Pulumi job per environment stack, each with a stack file here", () => {
    const stacks = new Set([
      ...jobs.preview!.strategy!.matrix.stack,
      ...jobs.drift!.strategy!.matrix.stack,
      ...steps.flatMap((step) =>
        step.with?.["stack-name"] ? [String(step.with["stack-name"])] : [],
      ),
    ]);
    expect([...stacks].sort()).toEqual(["production", "sandbox"]);
    for (const stack of stacks) {
      expect(existsSync(path.join(root, `Pulumi.${stack}.yaml`))).toBe(true);
    }
  });

  it("gives pull requests from forks no secrets: no preview, and a review that never runs their code", () => {
    expect(jobs.preview!.if).toContain(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    const review = jobs.review!;
    expect(review.if).toBe("github.event_name == 'pull_request_target'");
    expect(JSON.stringify(review)).not.toContain("secrets.");
    const checkout = review.steps.find((step) => step.uses?.startsWith("actions/checkout@"))!;
    expect(checkout.with?.ref).toBeUndefined();
    const diff = review.steps.find((step) => step.run?.includes("smile-links diff"))!;
    expect(diff.run).toContain("git checkout FETCH_HEAD -- links.yaml links.production.yaml");
    expect(diff.run).toContain('npx smile-links diff --base HEAD "$@" --markdown');
    const install = review.steps.findIndex((step) => step.run === "npm ci --ignore-scripts");
    expect(install).toBeGreaterThan(-1);
    expect(install).toBeLessThan(review.steps.indexOf(diff));
    for (const [name, job] of Object.entries(jobs)) {
      if (name !== "review") expect(job.if, name).not.toContain("== 'pull_request_target'");
    }
  });

  it("takes the Smile ID credentials from each environment's secrets, never from the file", () => {
    expect(text).toContain("SMILE_ID_API_KEY: ${{ secrets.SMILE_ID_API_KEY }}");
    expect(text).not.toMatch(/SMILE_ID_API_KEY: [^$]/);
    expect(jobs.preview!.environment).toBe("${{ matrix.stack }}-preview");
    expect(jobs["up-sandbox"]!.environment).toBe("sandbox");
    expect(jobs["up-production"]!.environment).toBe("production");
  });

  it("checks the backend's settings before any Pulumi command of the previews and deploys", () => {
    for (const name of ["preview", "up-sandbox", "up-production"]) {
      const jobSteps = jobs[name]!.steps;
      const check = jobSteps.findIndex((step) => step.name === "The backend is set up");
      const firstPulumi = jobSteps.findIndex(
        (step) => step.with?.command !== undefined || step.run?.includes("pulumi login"),
      );
      expect(check, name).toBeGreaterThan(-1);
      expect(check, name).toBeLessThan(firstPulumi);
    }
  });

  it("makes drift visible: the job fails, the audit is in its summary, an issue is opened or updated", () => {
    const drift = jobs.drift!;
    expect(drift.if).toBe("github.event_name == 'schedule'");
    expect(drift.permissions).toMatchObject({ issues: "write" });
    const audit = drift.steps.find((step) => step.run?.includes("smile-links audit"))!;
    expect(audit.run).toContain('npx smile-links audit --stack "$STACK" --markdown');
    expect(audit.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(audit.run).toContain('exit "$status"');
    const issue = drift.steps.find((step) => step.run?.includes("gh issue create"))!;
    expect(issue.if).toBe("failure()");
  });
});

describe("the GitLab CI example", () => {
  const gitlab = parse(readFileSync(path.join(root, "examples/ci/.gitlab-ci.yml"), "utf8"));
  const script = (job: string) =>
    [gitlab[job].before_script ?? [], gitlab[job].script, gitlab[".pulumi"].before_script]
      .flat()
      .join("\n")
      .replace(/\\\n\s*/g, "");

  it("has the GitHub example's jobs, in stages", () => {
    expect(gitlab.stages).toEqual(["validate", "preview", "deploy", "drift"]);
    for (const job of Object.keys(jobs)) expect(gitlab[job], job).toBeDefined();
  });

  it("previews and deploys each stack with the same pack, creating a missing stack", () => {
    expect(gitlab.variables).toEqual(workflow.env);
    for (const job of ["preview", "up-sandbox", "up-production"]) {
      expect(gitlab[job].extends, job).toBe(".pulumi");
      expect(script(job), job).toContain(PACK_ARGS);
    }
    expect(script("preview")).toContain('pulumi stack select --create "$STACK"');
  });

  it("runs the previews only for merge requests of the project itself, with no secrets for forks", () => {
    expect(gitlab.preview.rules[0].if).toContain(
      "$CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID",
    );
    expect(script("review")).toContain("smile-links diff");
  });

  it("audits on schedules and opens an issue on a finding", () => {
    expect(gitlab.drift.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
    expect(gitlab.drift.script.join("\n")).toContain('smile-links audit --stack "$STACK"');
    expect(gitlab.drift.after_script.join("\n")).toContain("/issues");
  });
});
