import { readFileSync } from "node:fs";
import { appendFile, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { pulumiEnv } from "../../scripts/ensure-pulumi.mjs";
import { API_KEY, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { gitEnvironment } from "../helpers/env";
import { installUserProject, type UserProject } from "../helpers/user-project";
import {
  runWorkflow,
  type JobRun,
  type Runner,
  type Workflow,
} from "../helpers/workflow-rehearsal";
import { installGhRecorder, standIns, type GhRecorder } from "../helpers/workflow-stand-ins";

/**
 * examples/ci/smile-links.yml, rehearsed: its jobs for a pull request, the merge, and the
 * morning's drift check, in order, on a repository like this one's root project (a links file
 * per stack, Pulumi.sandbox.yaml, Pulumi.production.yaml, the example's policy config) that
 * installed the package from its npm tarball. The `run:` steps run as written; each `uses:`
 * step is replaced by what it stands for (test/helpers/workflow-stand-ins.ts), `npm ci` by the
 * project's install, `gh` by a recorder of what it would send GitHub. The backend is a file
 * backend with a passphrase; each environment's Smile ID account is an emulator of its own; the
 * project is a git repository whose `origin` holds the pull request's head, as GitHub's does.
 */
const root = path.resolve(__dirname, "../..");
const execFileAsync = promisify(execFile);
const CLI_TIMEOUT = 180_000;
const sandboxAccount = useEmulator();
const productionAccount = useEmulator();
const workflow = parse(
  readFileSync(path.join(root, "examples/ci/smile-links.yml"), "utf8"),
) as Workflow;

let project: UserProject;
let runner: Runner;
/** The pull request comments posted, by their sticky header. */
const comments: Record<string, string> = {};
let gh: GhRecorder;

beforeAll(async () => {
  project = await installUserProject();
  for (const file of [
    "Pulumi.yaml",
    "index.ts",
    "links.yaml",
    "links.production.yaml",
    "Pulumi.sandbox.yaml",
    "Pulumi.production.yaml",
  ]) {
    await copyFile(path.join(root, file), path.join(project.dir, file));
  }
  await copyFile(
    path.join(root, "examples/ci/smile-links-policy.json"),
    path.join(project.dir, "smile-links-policy.json"),
  );
  // The repository on GitHub: a bare `origin` whose main the project's checkout is.
  await writeFile(path.join(project.dir, ".gitignore"), "node_modules/\n");
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "The links, the stacks, the policies");
  const origin = path.join(project.backendDir, "..", "origin.git");
  await execFileAsync("git", ["init", "-q", "--bare", origin]);
  await git("remote", "add", "origin", origin);
  await git("push", "-q", "origin", "main");
  const bin = path.join(project.backendDir, "..", "bin");
  gh = await installGhRecorder(bin);
  const pulumiHome = path.join(project.backendDir, "..", "pulumi-home");
  await mkdir(pulumiHome);
  const inherited = pulumiEnv({}, inject("pulumiBinary"));
  const env = Object.fromEntries(
    Object.entries(inherited).filter(
      ([name]) =>
        !/^(npm_|INIT_CWD$|SMILE_ID_|PULUMI_(BACKEND_URL|ACCESS_TOKEN|CONFIG_PASSPHRASE))/i.test(
          name,
        ),
    ),
  );
  const account = (url: string) => ({
    secrets: { SMILE_ID_PARTNER_ID: PARTNER_ID, SMILE_ID_API_KEY: API_KEY },
    env: { SMILE_ID_API_URL: url },
  });
  runner = {
    cwd: project.dir,
    env: {
      ...env,
      // The host that runs policy packs first (docs/policies.md), then the CLI and `gh`.
      PATH: [inject("codegenHostDir"), bin, env.PATH].join(path.delimiter),
      PULUMI_HOME: pulumiHome,
      ...gh.env,
      // The program's type-check is the user-project tests' concern; here it would only cost
      // seconds in each job.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    },
    secrets: { PULUMI_CONFIG_PASSPHRASE: "rehearsal-passphrase" },
    vars: { PULUMI_BACKEND_URL: pathToFileURL(project.backendDir).href },
    environments: {
      "sandbox-preview": account(sandboxAccount().url),
      sandbox: account(sandboxAccount().url),
      "production-preview": account(productionAccount().url),
      production: account(productionAccount().url),
    },
    standIns: standIns(comments),
    done: {
      "npm ci": "the project was installed by npm, from the package's tarball",
      "npm ci --ignore-scripts": "the project was installed by npm, from the package's tarball",
    },
  };
}, 300_000);
afterAll(() => project?.remove());

/** git in the project, as the test's author. */
const git = (...args: string[]) =>
  execFileAsync(
    "git",
    ["-c", "user.name=Rehearsal", "-c", "user.email=rehearsal@acme.example", ...args],
    { cwd: project.dir, env: gitEnvironment() },
  );

const pullRequest = {
  pull_request: { number: 7, head: { repo: { full_name: "acme/links" } } },
};

const github = (event_name: string, event: object = {}) => ({
  event_name,
  event,
  repository: "acme/links",
  server_url: "https://github.com",
  run_id: "4242",
  token: "rehearsal-token",
});

/** Each job's status, `job` or `job (stack)`. */
function statuses(runs: JobRun[]): Record<string, string> {
  return Object.fromEntries(
    runs.map((run) => [
      run.matrix.stack ? `${run.job} (${run.matrix.stack})` : run.job,
      run.status,
    ]),
  );
}

function output(runs: JobRun[], job: string, stack?: string): string {
  const run = runs.find((r) => r.job === job && r.matrix.stack === stack);
  return run?.steps.map((step) => `## ${step.step}\n${step.output}`).join("\n") ?? "";
}

const linkNames = (account: () => { store: { list(): { name: string }[] } }) =>
  account()
    .store.list()
    .map((link) => link.name)
    .sort();

describe("the CI example, rehearsed", { timeout: CLI_TIMEOUT }, () => {
  it("on a pull request that adds a link: the review comments what the merge does to each link, from the files alone", async () => {
    await git("checkout", "-q", "-b", "add-partner");
    await appendFile(
      path.join(project.dir, "links.yaml"),
      [
        "  partner:",
        "    name: Partner KYC",
        "    redirectUrl: https://partner.example/done",
        "    idTypes:",
        "      - { country: GH, idType: PASSPORT, verificationMethod: doc_verification }",
        "",
      ].join("\n"),
    );
    await git("commit", "-q", "-am", "A partner's link");
    await git("push", "-q", "origin", "add-partner:refs/pull/7/head");
    // pull_request_target runs on a checkout of the base branch.
    await git("checkout", "-q", "main");
    const runs = await runWorkflow(workflow, github("pull_request_target", pullRequest), runner);
    expect(statuses(runs), output(runs, "review")).toMatchObject({
      validate: "skipped",
      review: "success",
      "preview (sandbox)": "skipped",
    });
    const review = comments["smile-links-review"]!;
    expect(review).toContain("`HEAD:links.yaml` → `links.yaml`: 1 created, 2 unchanged.");
    expect(review).toMatch(/\| `partner` +\| created +\|/);
    expect(review).toContain("`HEAD:links.production.yaml` → `links.production.yaml`");
  });

  it("on the same pull request: the sandbox preview's comment shows the policy violation and fails the check", async () => {
    await git("checkout", "-q", "-f", "add-partner");
    const runs = await runWorkflow(workflow, github("pull_request", pullRequest), runner);
    expect(statuses(runs), output(runs, "preview", "production")).toEqual({
      validate: "success",
      review: "skipped",
      "preview (sandbox)": "failure",
      "preview (production)": "success",
      "up-sandbox": "skipped",
      "up-production": "skipped",
      "drift (sandbox)": "skipped",
      "drift (production)": "skipped",
    });
    const sandbox = comments["smile-links-preview-sandbox"]!;
    expect(sandbox).toContain("### `pulumi preview` of `sandbox`: fails (policy pack included)");
    expect(sandbox).toMatch(/\[mandatory\]\s+smile-links-allowed-domains\s+\(.*: partner\)/);
    expect(sandbox).toContain(
      'SmileLink "partner": redirectUrl is "https://partner.example/done" (host partner.example)',
    );
    expect(comments["smile-links-preview-production"]).toContain(
      "### `pulumi preview` of `production`: passes (policy pack included)",
    );
    expect(linkNames(sandboxAccount)).toEqual([]);
  });

  it("on the merge, once the link is fixed: deploys sandbox then production, each link once, under the pack", async () => {
    const file = path.join(project.dir, "links.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace(
        "https://partner.example/done",
        "https://acme.example/partner/done",
      ),
    );
    const runs = await runWorkflow(workflow, github("push", { ref: "refs/heads/main" }), runner);
    expect(statuses(runs), output(runs, "up-sandbox")).toMatchObject({
      validate: "success",
      "up-sandbox": "success",
      "up-production": "success",
    });
    expect(output(runs, "up-sandbox")).toContain("smile-links@v0.1.0");
    expect(linkNames(sandboxAccount)).toEqual([
      "Annual re-verification",
      "Customer onboarding",
      "Partner KYC",
    ]);
    expect(linkNames(productionAccount)).toEqual(["Customer onboarding"]);
  });

  it("the morning after a link was disabled in the portal: the drift job fails, with the finding in its summary and an issue", async () => {
    const changed = sandboxAccount()
      .store.list()
      .find((link) => link.name === "Annual re-verification")!;
    await sandboxAccount().store.update(changed.ref_id, { is_disabled: true });
    const runs = await runWorkflow(workflow, github("schedule"), runner);
    expect(statuses(runs), output(runs, "drift", "sandbox")).toMatchObject({
      "drift (sandbox)": "failure",
      "drift (production)": "success",
    });
    const summary = runs.find((run) => run.job === "drift" && run.matrix.stack === "sandbox")!;
    expect(summary.summary).toContain(changed.ref_id);
    expect(summary.summary).toContain("disabled");
    const calls = await gh.calls();
    const created = calls.find((call) => call.args[0] === "issue" && call.args[1] === "create");
    expect(created?.args).toEqual(
      expect.arrayContaining(["--title", "Smile Links drift: sandbox", "--label"]),
    );
    expect(created?.body).toContain(changed.ref_id);
  });
});
