import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureYamlHost } from "../../scripts/ensure-pulumi.mjs";
import { startConnectProxy, type ConnectProxy } from "../helpers/connect-proxy";
import {
  API_KEY,
  PARTNER_ID,
  requestLines,
  useEmulator,
  stackSettingsFor,
} from "../helpers/emulator";
import { makeCertificate, startTlsFront } from "../helpers/tls-front";
import { wrappedProject, type WrappedProject } from "../helpers/npm-run-pulumi";
import { initStack } from "../helpers/pulumi-stack";

/**
 * examples/native-yaml, a Pulumi YAML program, in a project that installed the packed package
 * and nothing else: no SDK. It runs through `npm run pulumi`, which gives the CLI the YAML
 * language host (built here first, once per machine, so that no CLI step waits for it).
 */
const CLI_TIMEOUT = 120_000;
const emulator = useEmulator();
const stack = "dev";
let project: WrappedProject;

beforeAll(async () => {
  await ensureYamlHost();
  project = await wrappedProject("examples/native-yaml");
  await project.runOk("npm", [
    ...["install", "--prefer-offline", "--no-audit", "--no-fund"],
    `pulumi-smile-links@file:${inject("packageTarball")}`,
  ]);
  await initStack(project.pulumiOk, stack, stackSettingsFor(emulator()));
}, 600_000);
afterAll(() => project?.remove());

const outputs = async (): Promise<Record<string, string>> =>
  JSON.parse(await project.pulumiOk(["stack", "output", "--json", "--show-secrets"]));

describe("a Pulumi YAML program with the native smileid provider", { timeout: CLI_TIMEOUT }, () => {
  it("creates the link on up and exports its URL and refId", async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const { url, refId } = await outputs();
    expect(requestLines(emulator())).toEqual(["POST /smile_links"]);
    expect(emulator().store.get(refId!)?.id_types).toEqual([
      { country: "NG", id_type: "BVN", verification_method: "enhanced_kyc" },
    ]);
    expect(url).toContain(`/links/${refId}`);
  });

  it("updates the link in place when a config value its inputs use changes", async () => {
    const { refId } = await outputs();
    await project.pulumiOk(["config", "set", "onboardingIdType", "NIN_V2"]);
    const preview = JSON.parse(await project.pulumiOk(["preview", "--json"]));
    expect(preview.changeSummary).toEqual({ update: 1, same: 1 });
    await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect((await outputs()).refId).toBe(refId);
    expect(requestLines(emulator())).toEqual([`PUT /smile_links/${refId}`]);
    expect(emulator().store.get(refId!)?.id_types).toEqual([
      { country: "NG", id_type: "NIN_V2", verification_method: "enhanced_kyc" },
    ]);
  });

  it("names a nested property's path and value at preview, without the engine's {<nil>}", async () => {
    await project.pulumiOk(["config", "set", "onboardingIdType", "NOT VALID"]);
    const result = await project.pulumi(["preview"]);
    await project.pulumiOk(["config", "set", "onboardingIdType", "NIN_V2"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      "error: smileid:index:SmileLink resource 'onboarding' has a problem: idTypes[0].idType: " +
        'must be an ID type name such as NATIONAL_ID (letters, digits and _); got "NOT VALID"\n',
    );
    expect(result.output).not.toContain("{<nil>}");
    expect(emulator().requests).toEqual([]);
  });

  it("disables the link on destroy", async () => {
    const { refId } = await outputs();
    await project.pulumiOk(["destroy", "--yes"]);
    expect(emulator().store.get(refId!)?.disabled_at).toEqual(expect.any(String));
    const state = JSON.parse(await project.pulumiOk(["stack", "export"]));
    const resources: { type: string }[] = state.deployment.resources ?? [];
    expect(resources.filter((resource) => resource.type === "smileid:index:SmileLink")).toEqual([]);
  });
});

describe("the native provider's warnings", { timeout: CLI_TIMEOUT }, () => {
  it("shows them among the preview's diagnostics: an API URL without /v1", async () => {
    const warned = "warned";
    const withoutVersion = emulator().url.replace(/\/v1\/?$/, "");
    await initStack(project.pulumiOk, warned, {
      ...stackSettingsFor(emulator()),
      apiUrl: withoutVersion,
    });
    const result = await project.pulumi(["preview", "--stack", warned]);
    await project.pulumiOk(["stack", "rm", "--yes", "--force", warned]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(
      `warning: smileid:apiUrl is ${withoutVersion}, whose path does not end in /v1`,
    );
    expect(emulator().requests).toEqual([]);
  });
});

describe("the native provider at the edges of the network", { timeout: CLI_TIMEOUT }, () => {
  const edges = "edges";
  const password = "yaml-Pr0xy-secret";
  let proxied: { env: Record<string, string> };
  let apiUrl: string;
  let tunnel: ConnectProxy;
  beforeAll(async () => {
    const certificate = await makeCertificate();
    const front = await startTlsFront(emulator().url, certificate);
    tunnel = await startConnectProxy("tunnel", { user: "yaml-bot", password });
    proxied = { env: { HTTPS_PROXY: tunnel.url, NODE_EXTRA_CA_CERTS: certificate.certFile } };
    apiUrl = front.url;
    await initStack(project.pulumiOk, edges, { partnerId: PARTNER_ID, apiUrl, apiKey: API_KEY });
    return async () => {
      await Promise.all([tunnel.close(), front.close()]);
      await certificate.remove();
    };
  }, CLI_TIMEOUT);

  it("fails a mistyped API URL in its config check, before any request", async () => {
    const mistyped = apiUrl.replace("https:", "htps:");
    await project.pulumiOk(["config", "set", "smileid:apiUrl", mistyped, "--stack", edges]);
    const result = await project.pulumi(["preview", "--stack", edges]);
    await project.pulumiOk(["config", "set", "smileid:apiUrl", apiUrl, "--stack", edges]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `smileid:apiUrl must be the API's URL; got "${mistyped}": its scheme is htps`,
    );
    expect(emulator().requests).toEqual([]);
  });

  it("deploys behind an HTTPS proxy with credentials, which no output shows", async () => {
    const result = await project.pulumi(["up", "--yes", "--stack", edges], proxied);
    expect(result.code, result.output).toBe(0);
    expect(requestLines(emulator())).toEqual(["POST /smile_links"]);
    expect(tunnel.authorizations).toEqual([`yaml-bot:${password}`]);
    expect(result.output).not.toContain(password);
  });

  it("quotes Smile's request id in the diagnostic of a failed update", async () => {
    emulator().faults.set({
      requestIdHeader: "x-request-id",
      failNext: [{ status: 400, count: 1 }],
    });
    await project.pulumiOk(["config", "set", "onboardingIdType", "NIN_V2", "--stack", edges]);
    const result = await project.pulumi(
      ["up", "--yes", "--skip-preview", "--stack", edges],
      proxied,
    );
    const requestId = emulator().requests.find((request) => request.status === 400)?.requestId;
    expect(requestId).toBeDefined();
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `(Smile ID request id ${requestId}, quote it to Smile ID support).`,
    );
  });
});
