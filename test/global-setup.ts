import type { TestProject } from "vitest/node";

/**
 * Makes sure the Pulumi CLI exists before any engine test starts: `pulumi` on PATH, or the
 * pinned build, built once (a few minutes) on a machine that has neither.
 */
export default async function setup(project: TestProject): Promise<void> {
  const { ensurePulumi } = await import("../scripts/ensure-pulumi.mjs");
  project.provide("pulumiBinary", await ensurePulumi());
}

declare module "vitest" {
  export interface ProvidedContext {
    pulumiBinary: string;
  }
}
