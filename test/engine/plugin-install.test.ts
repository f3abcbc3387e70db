import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, clientFor, requestLines, useEmulator } from "../helpers/emulator";
import {
  buildTestRelease,
  downloadOverride,
  startReleaseServer,
  type ReleaseServer,
  type TestRelease,
} from "../helpers/release";
import { releasedPythonProject, type ReleaseProject } from "../helpers/release-project";

/**
 * The plugin installed as users of a release install it: the standalone executable from its
 * archive, and the Python SDK from its wheel, in projects whose PATH has no Node.js (the only
 * `node` on it fails if called). Each project has a fresh PULUMI_HOME and runs against the
 * emulator through the project's Pulumi CLI.
 */
const CLI_TIMEOUT = 120_000;
const STACK = "dev";
const GH_PASSPORT = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];

const emulator = useEmulator();
let release: TestRelease;

beforeAll(async () => {
  release = await buildTestRelease();
}, 300_000);
afterAll(() => release?.remove());

describe("the plugin installed from its archive", { timeout: CLI_TIMEOUT }, () => {
  let project: ReleaseProject;

  beforeAll(async () => {
    project = await releasedPythonProject(release);
    await project.pulumiOk([
      ...["plugin", "install", "resource", release.pluginName, release.version],
      ...["--file", release.archive],
    ]);
    await project.initStack(STACK, {
      partnerId: PARTNER_ID,
      apiUrl: emulator().url,
      apiKey: API_KEY,
    });
  }, 300_000);
  afterAll(() => project?.remove());

  it("is listed by pulumi plugin ls at the package's version", async () => {
    const plugins: { name: string; kind: string; version: string }[] = JSON.parse(
      await project.pulumiOk(["plugin", "ls", "--json"]),
    );
    expect(plugins).toContainEqual(
      expect.objectContaining({
        name: release.pluginName,
        kind: "resource",
        version: release.version,
      }),
    );
  });

  it("creates the link on up", async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    const { refId } = await project.outputs(STACK);
    expect(emulator().store.get(refId!)?.disabled_at).toBeNull();
  });

  it("previews a change of ID types as an update in place", async () => {
    await project.pulumiOk([
      ...["config", "set", "acme:idTypes", JSON.stringify(GH_PASSPORT), "--stack", STACK],
    ]);
    const preview = JSON.parse(await project.pulumiOk(["preview", "--json", "--stack", STACK]));
    expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
  });

  it("updates the link in place on up, keeping its ref_id", async () => {
    const { refId } = await project.outputs(STACK);
    emulator().clearRequests();
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect((await project.outputs(STACK)).refId).toBe(refId);
    expect(requestLines(emulator())).toEqual([`PUT /smile_links/${refId}`]);
    expect(emulator().store.get(refId!)?.id_types).toEqual([
      { country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" },
    ]);
  });

  it("finds on refresh that the link was disabled in the portal", async () => {
    const { refId } = await project.outputs(STACK);
    await clientFor(emulator()).update(refId!, { isDisabled: true });
    await project.pulumiOk(["refresh", "--yes", "--stack", STACK]);
    const state = JSON.parse(await project.pulumiOk(["stack", "export", "--stack", STACK]));
    const link = state.deployment.resources.find(
      (resource: { id?: string }) => resource.id === refId,
    );
    expect(link?.outputs?.isDisabled).toBe(true);
  });

  it("disables the link on destroy", async () => {
    const { refId } = await project.outputs(STACK);
    await project.pulumiOk(["destroy", "--yes", "--stack", STACK]);
    expect(emulator().store.get(refId!)?.disabled_at).toEqual(expect.any(String));
  });

  it("never ran node", async () => {
    expect(await project.nodeCalls()).toEqual([]);
  });
});

describe("the plugin downloaded by the engine", { timeout: CLI_TIMEOUT }, () => {
  let project: ReleaseProject;
  let server: ReleaseServer;
  let override: Record<string, string>;

  beforeAll(async () => {
    server = await startReleaseServer(release.dir);
    override = {
      PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: downloadOverride(release.pluginDownloadURL, server.url),
    };
    project = await releasedPythonProject(release);
    await project.initStack(STACK, {
      partnerId: PARTNER_ID,
      apiUrl: emulator().url,
      apiKey: API_KEY,
    });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await project?.remove();
  });

  it("fetches this platform's archive from the SDK's server and creates the link on up", async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK], override);
    expect(server.requests).toEqual([`/${path.basename(release.archive)}`]);
    const { refId } = await project.outputs(STACK);
    expect(emulator().store.get(refId!)?.disabled_at).toBeNull();
  });

  it("never ran node", async () => {
    expect(await project.nodeCalls()).toEqual([]);
  });
});
