import { readFileSync } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor, useEmulator, stackSettingsFor } from "../helpers/emulator";
import { installUserProject, type UserProject } from "../helpers/user-project";

/**
 * A user project on another `@pulumi/pulumi` than the one this repository develops with: the
 * lowest that the package's peer dependency range allows (the dynamic-provider host stores the
 * `inputs` that `read` returns since 3.216.0). npm keeps the project's copy as the only one, and
 * the CLI deploys, refreshes and destroys with it. Releases before 3.229.0 allow TypeScript up
 * to 5.x only (a peer dependency), so this project has the TypeScript npm then installs.
 */
const emulator = useEmulator();
const CLI_TIMEOUT = 120_000;
const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"));
const range: string = manifest.peerDependencies["@pulumi/pulumi"];
const lowest = range.replace(/^\^/, "");
const stack = "dev";

let project: UserProject;
beforeAll(async () => {
  project = await installUserProject(lowest, { typescript: "^5.9.3" });
  await project.initStack(stack, stackSettingsFor(emulator()));
}, 300_000);
afterAll(() => project?.remove());

describe(`a user project on @pulumi/pulumi ${lowest}, the lowest of ${range}`, () => {
  it("differs from the version this repository develops with", () => {
    expect(manifest.devDependencies["@pulumi/pulumi"]).not.toBe(lowest);
  });

  it("has a single copy of @pulumi/pulumi, at that version", async () => {
    const { stdout } = await project.npm([
      "ls",
      "@pulumi/pulumi",
      "--all",
      "--parseable",
      "--long",
    ]);
    const dir = path.join(await realpath(project.dir), "node_modules", "@pulumi", "pulumi");
    expect(stdout.trim().split("\n")).toEqual([`${dir}:@pulumi/pulumi@${lowest}`]);
  });

  it("deploys both links through the CLI", { timeout: CLI_TIMEOUT }, async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
    const links = await project.links(stack);
    expect(links).toHaveLength(2);
    for (const link of links) expect(emulator().store.get(link.id!)?.disabled_at).toBeNull();
  });

  it("stores the provider as the same one require of the installed package", async () => {
    const reference = readFileSync(
      path.join(__dirname, "../fixtures/provider-reference.txt"),
      "utf8",
    );
    for (const link of await project.links(stack)) expect(link.inputs?.__provider).toBe(reference);
  });

  it("finds on refresh a link disabled in the portal", { timeout: CLI_TIMEOUT }, async () => {
    const { onboardingRefId } = await project.outputs(stack);
    await clientFor(emulator()).update(onboardingRefId!, { isDisabled: true });
    await project.pulumiOk(["refresh", "--yes", "--skip-preview", "--stack", stack]);
    const link = (await project.links(stack)).find((resource) => resource.id === onboardingRefId);
    expect(link?.outputs?.isDisabled).toBe(true);
  });

  it("disables every link on destroy", { timeout: CLI_TIMEOUT }, async () => {
    const refIds = (await project.links(stack)).map((link) => link.id!);
    await project.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", stack]);
    for (const refId of refIds) {
      expect(emulator().store.get(refId)?.disabled_at).toEqual(expect.any(String));
    }
  });
});
