import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEmulator, stackSettingsFor } from "../helpers/emulator";
import {
  refreshFindsDisabled,
  setPassportIdTypes,
  upCreates,
  upUpdatesInPlace,
  type StackLink,
} from "../helpers/native-lifecycle";
import {
  downloadOverride,
  releasedPythonSdk,
  startReleaseServer,
  testRelease,
  type ReleaseServer,
  type TestRelease,
} from "../helpers/release";
import {
  releasedPythonProject,
  type ReleaseProject,
  type ReleaseProjectOptions,
} from "../helpers/release-project";

/**
 * The plugin installed as users of a release install it: the standalone executable from its
 * archive, and the Python SDK from its wheel, in projects whose PATH has no Node.js (the only
 * `node` on it fails if called). Each project has a fresh PULUMI_HOME and runs against the
 * emulator through the project's Pulumi CLI.
 */
const CLI_TIMEOUT = 120_000;
const STACK = "dev";

const emulator = useEmulator();
let release: TestRelease;
let pythonSdk: ReleaseProjectOptions;

beforeAll(async () => {
  release = await testRelease();
  pythonSdk = await releasedPythonSdk();
}, 300_000);

describe("the plugin installed from its archive", { timeout: CLI_TIMEOUT }, () => {
  let project: ReleaseProject;
  const link = (): StackLink => ({
    project,
    stack: STACK,
    emulator: emulator(),
    refIdOutput: "refId",
    idTypesKey: "acme:idTypes",
  });

  beforeAll(async () => {
    project = await releasedPythonProject(pythonSdk);
    await project.pulumiOk([
      ...["plugin", "install", "resource", release.pluginName, release.version],
      ...["--file", release.archive],
    ]);
    await project.initStack(STACK, stackSettingsFor(emulator()));
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

  it("creates the link on up", () => upCreates(link()));

  it("previews a change of ID types as an update in place", async () => {
    await setPassportIdTypes(link());
    const preview = JSON.parse(await project.pulumiOk(["preview", "--json", "--stack", STACK]));
    expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
  });

  it("updates the link in place on up, keeping its ref_id", () => upUpdatesInPlace(link()));

  it("finds on refresh that the link was disabled in the portal", () =>
    refreshFindsDisabled(link()));

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
    server = await startReleaseServer(path.dirname(release.archive));
    override = {
      PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: downloadOverride(release.pluginDownloadURL, server.url),
    };
    project = await releasedPythonProject(pythonSdk);
    await project.initStack(STACK, stackSettingsFor(emulator()));
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await project?.remove();
  });

  it("fetches this platform's archive from the SDK's server and creates the link on up", async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK], { env: override });
    expect(server.requests).toEqual([`/${path.basename(release.archive)}`]);
    const { refId } = await project.outputs(STACK);
    expect(emulator().store.get(refId!)?.disabled_at).toBeNull();
  });

  it("never ran node", async () => {
    expect(await project.nodeCalls()).toEqual([]);
  });
});
