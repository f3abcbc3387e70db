import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_EXAMPLES } from "../../provider/codegen/resource-docs";
import { ensureGoHost } from "../../scripts/ensure-pulumi.mjs";
import { clientFor, requestLines, stackSettingsFor, useEmulator } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";
import {
  previewRefusesBrokenRule,
  refreshFindsDisabled,
  setNewName,
  setPassportIdTypes,
  upCreates,
  upReplaces,
  upUpdatesInPlace,
  type StackLink,
} from "../helpers/native-lifecycle";
import { initStack, stackOutputs } from "../helpers/pulumi-stack";
import type { PulumiRunner } from "../helpers/pulumi-run";
import {
  downloadOverride,
  releasedGoSdk,
  startReleaseServer,
  testRelease,
  type ReleaseServer,
  type TestRelease,
} from "../helpers/release";
import { releasedGoProject, type ReleaseGoProject } from "../helpers/release-go-project";

/**
 * Go users of a release: examples/native-go with the release's Go SDK module and its standalone
 * plugin, run by the Pulumi CLI through the Go language host this project builds. One lifecycle
 * with the plugin installed from its archive; then, on a second stack with a fresh PULUMI_HOME
 * and through `npm run pulumi`, an up and a destroy with the plugin that the engine downloads
 * from the SDK's `pluginDownloadURL` (a local server).
 */
const CLI_TIMEOUT = 120_000;
const STACK = "dev";

const emulator = useEmulator();
let release: TestRelease;
let project: ReleaseGoProject;

beforeAll(async () => {
  await ensureGoHost();
  release = await testRelease();
  project = await releasedGoProject(await releasedGoSdk());
}, 600_000);
afterAll(() => project?.remove());

describe("the release's Go SDK", { timeout: CLI_TIMEOUT }, () => {
  it("passes go vet", async () => {
    const vet = await project.go(["vet", "./..."], "sdk");
    expect(vet.code, vet.output).toBe(0);
  });

  it("compiles examples/native-go and the package schema's Go example, both passing go vet", async () => {
    await mkdir(path.join(project.dir, "docs-example"));
    await writeFile(path.join(project.dir, "docs-example", "main.go"), `${LINK_EXAMPLES.go}\n`);
    const vet = await project.go(["vet", "./..."]);
    expect(vet.code, vet.output).toBe(0);
  });
});

describe(
  "a Go program with the plugin installed from its archive",
  { timeout: CLI_TIMEOUT },
  () => {
    const link = (): StackLink => ({
      project,
      stack: STACK,
      emulator: emulator(),
      refIdOutput: "refId",
      idTypesKey: "acme:onboardingIdTypes",
    });

    beforeAll(async () => {
      await project.pulumiOk([
        ...["plugin", "install", "resource", release.pluginName, release.version],
        ...["--file", release.archive],
      ]);
      await project.initStack(STACK, stackSettingsFor(emulator()));
    }, CLI_TIMEOUT);

    it("creates the link on up and exports its refId and url", async () => {
      const { refId, url } = await upCreates(link());
      expect(url).toContain(`/links/${refId}`);
    });

    it("updates the link in place when its ID types change", async () => {
      await setPassportIdTypes(link());
      await upUpdatesInPlace(link());
    });

    it("replaces the link on up when its name changes: the new one first, then the old disabled", async () => {
      await setNewName(link(), "acme:onboardingName");
      await upReplaces(link());
    });

    it("finds on refresh a link disabled in the portal", () => refreshFindsDisabled(link()));

    it("fails a preview whose input breaks a rule with the message a TypeScript program gets", () =>
      previewRefusesBrokenRule(link()));

    it("imports a link made in the portal and prints Go code that compiles", async () => {
      const { refId } = await clientFor(emulator()).create(
        linkInputs({ name: "Made in the portal", partnerParams: { team: "kyc" } }),
      );
      emulator().clearRequests();
      // `npm run pulumi` puts the code-generation host first for `import`, which prints the code.
      const output = await project
        .throughNpmRunPulumi({})
        .pulumiOk([
          ...["import", "smileid:index:SmileLink", "legacy", refId],
          ...["--yes", "--protect=false", "--stack", STACK],
        ]);
      expect(new Set(requestLines(emulator()))).toEqual(new Set([`POST /smile_links/${refId}`]));
      expect((await project.links(STACK)).map((resource) => resource.id)).toContain(refId);
      const code = output.slice(output.indexOf("package main"));
      expect(code).toContain('smileid.NewSmileLink(ctx, "legacy"');
      expect(code).toContain("Made in the portal");
      await mkdir(path.join(project.dir, "imported"));
      await writeFile(path.join(project.dir, "imported", "main.go"), code);
      const vet = await project.go(["vet", "./imported"]);
      expect(vet.code, vet.output).toBe(0);
    });

    it("disables every link on destroy", async () => {
      const refIds = (await project.links(STACK)).map((resource) => resource.id!);
      expect(refIds).toHaveLength(2);
      await project.pulumiOk(["destroy", "--yes", "--stack", STACK]);
      for (const refId of refIds) {
        expect(emulator().store.get(refId)?.disabled_at).toEqual(expect.any(String));
      }
      expect(await project.links(STACK)).toEqual([]);
    });

    it("never ran node", async () => {
      expect(await project.nodeCalls()).toEqual([]);
    });
  },
);

describe("a Go program through npm run pulumi, the plugin downloaded by the engine", () => {
  const stack = "download";
  let server: ReleaseServer;
  let cli: PulumiRunner<{ env?: Record<string, string> }>;

  beforeAll(async () => {
    server = await startReleaseServer(path.dirname(release.archive));
    cli = project.throughNpmRunPulumi({
      PULUMI_HOME: path.join(path.dirname(project.dir), "pulumi-home-download"),
      PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: downloadOverride(release.pluginDownloadURL, server.url),
    });
    await initStack(cli.pulumiOk, stack, stackSettingsFor(emulator()));
  }, CLI_TIMEOUT);
  afterAll(() => server?.close());

  it(
    "fetches this platform's archive from the SDK's server and creates the link on up",
    { timeout: CLI_TIMEOUT },
    async () => {
      await cli.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
      expect(server.requests).toEqual([`/${path.basename(release.archive)}`]);
      const { refId } = await stackOutputs(cli.pulumiOk, stack);
      expect(emulator().store.get(refId!)?.disabled_at).toBeNull();
    },
  );

  it("disables the link on destroy", { timeout: CLI_TIMEOUT }, async () => {
    const { refId } = await stackOutputs(cli.pulumiOk, stack);
    await cli.pulumiOk(["destroy", "--yes", "--stack", stack]);
    expect(emulator().store.get(refId!)?.disabled_at).toEqual(expect.any(String));
  });
});
