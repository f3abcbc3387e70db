import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(__dirname, "../..");
const workflow = parse(readFileSync(path.join(root, "examples/ci/smile-links.yml"), "utf8"));

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
const jobs = workflow.jobs as Record<
  string,
  { steps: Step[]; strategy?: { matrix: { stack: string[] } } }
>;
const steps = Object.values(jobs).flatMap((job) => job.steps);

describe("the GitHub Actions example", () => {
  it("validates on pull requests and previews, deploys on merges to main, and audits daily", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request", "push", "schedule"]);
    expect(Object.keys(jobs)).toEqual([
      "validate",
      "preview",
      "up-sandbox",
      "up-production",
      "audit",
    ]);
  });

  it("validates with the package's own command, on files that exist", () => {
    const validations = steps.filter((step) => step.run?.startsWith("npx smile-links validate"));
    expect(validations).toHaveLength(2);
    for (const step of validations) {
      expect(existsSync(path.join(root, step.run!.split(" ").pop()!))).toBe(true);
    }
  });

  it("runs one Pulumi job per environment stack, each with a stack file here", () => {
    const stacks = new Set([
      ...jobs.preview!.strategy!.matrix.stack,
      ...steps
        .filter((step) => step.uses?.startsWith("pulumi/actions"))
        .map((step) => step.with!["stack-name"]!),
    ]);
    stacks.delete("${{ matrix.stack }}");
    expect([...stacks].sort()).toEqual(["production", "sandbox"]);
    for (const stack of stacks)
      expect(existsSync(path.join(root, `Pulumi.${stack}.yaml`))).toBe(true);
  });

  it("takes the Smile ID credentials from secrets", () => {
    const text = readFileSync(path.join(root, "examples/ci/smile-links.yml"), "utf8");
    expect(text).toContain("SMILE_ID_API_KEY: ${{ secrets.SMILE_ID_API_KEY }}");
    expect(text).not.toMatch(/SMILE_ID_API_KEY: [^$]/);
  });
});
