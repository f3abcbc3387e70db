import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { startConnectProxy, type ConnectProxy } from "../helpers/connect-proxy";
import { API_KEY, PARTNER_ID, stackSettingsFor, useEmulator } from "../helpers/emulator";
import { makeCertificate, startTlsFront, type TestCertificate } from "../helpers/tls-front";
import { installUserProject, type UserProject } from "../helpers/user-project";

/**
 * The dynamic provider at the edges of the network and of its settings, through the Pulumi CLI
 * on a project that installed the package from its tarball (examples/basic, two links): behind
 * an HTTPS proxy, with an API that stopped, a mistyped URL, a bad environment, and an error
 * answer carrying Smile's request id. One project; each case has its stack.
 */
const emulator = useEmulator();
const CLI_TIMEOUT = 120_000;
const USER = "deploy-bot";
const PASSWORD = "Pr0xy-Pa55word";

let project: UserProject;
beforeAll(async () => {
  project = await installUserProject();
}, 300_000);
afterAll(() => project?.remove());

/** The output's lines that are a stack frame: none may reach the user. */
const stackFrames = (output: string) => output.split("\n").filter((line) => /^\s+at \S/.test(line));

/** The distinct lines of the output that contain `text` (the CLI repeats each in its summary). */
const linesWith = (output: string, text: string) =>
  new Set(
    output
      .split("\n")
      .filter((line) => line.includes(text))
      .map((line) => line.trim()),
  );

describe("behind an HTTPS proxy", { timeout: CLI_TIMEOUT }, () => {
  const stack = "behind-proxy";
  let certificate: TestCertificate;
  let tunnel: ConnectProxy;
  let refusing: ConnectProxy;
  let proxied: (proxy: ConnectProxy) => { env: Record<string, string> };
  beforeAll(async () => {
    certificate = await makeCertificate();
    const front = await startTlsFront(emulator().url, certificate);
    tunnel = await startConnectProxy("tunnel", { user: USER, password: PASSWORD });
    refusing = await startConnectProxy("407", { user: USER, password: PASSWORD });
    proxied = (proxy) => ({
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certificate.certFile },
    });
    await project.initStack(stack, { partnerId: PARTNER_ID, apiUrl: front.url, apiKey: API_KEY });
    return async () => {
      await Promise.all([tunnel.close(), refusing.close(), front.close()]);
      await certificate.remove();
    };
  }, CLI_TIMEOUT);

  it("deploys through the tunnel with the proxy's credentials, which no output shows", async () => {
    const result = await project.pulumi(["up", "--yes", "--stack", stack], proxied(tunnel));
    expect(result.code, result.output).toBe(0);
    expect(emulator().store.size).toBe(2);
    expect(new Set(tunnel.authorizations)).toEqual(new Set([`${USER}:${PASSWORD}`]));
    expect(project.transcript()).not.toContain(PASSWORD);
    expect(project.transcript()).not.toContain(USER);
  });

  it("fails a refresh through a proxy that answers 407, naming it and the variable", async () => {
    const result = await project.pulumi(["refresh", "--yes", "--stack", stack], proxied(refusing));
    expect(result.code).not.toBe(0);
    const shown = refusing.url.replace(/\/\/[^@]+@/, "//");
    expect(result.output).toContain(
      `the proxy ${shown} (from HTTPS_PROXY) answered 407 Proxy Authentication Required`,
    );
    expect(stackFrames(result.output)).toEqual([]);
    expect(emulator().requests).toEqual([]);
    expect(project.transcript()).not.toContain(PASSWORD);
  });
});

describe("an API that stopped answering", { timeout: CLI_TIMEOUT }, () => {
  const stack = "stopped-api";
  let stopped: RunningEmulator;
  beforeAll(async () => {
    stopped = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY });
    await project.initStack(stack, stackSettingsFor(stopped));
    await project.pulumiOk(["up", "--yes", "--stack", stack]);
    await stopped.close();
  }, CLI_TIMEOUT);

  it("gives one message per link, no stack trace, the URL and how to start the emulator", async () => {
    const result = await project.pulumi(["refresh", "--yes", "--stack", stack]);
    expect(result.code).not.toBe(0);
    expect(stackFrames(result.output)).toEqual([]);
    expect(result.output).not.toContain("SmileLinksError");
    const refused = `could not connect to ${stopped.url}: the connection was refused (ECONNREFUSED), so nothing reached the API. If it is the local emulator, start it with smile-links emulator (it prints its URL); otherwise check the API URL (smileid:apiUrl or SMILE_ID_API_URL).`;
    const messages = [...linesWith(result.output, "ECONNREFUSED")];
    expect(new Set(messages.map((line) => line.replace(/^.*get link \w+: /, "")))).toEqual(
      new Set([refused]),
    );
    expect(result.output).not.toContain("adoptOrphans");
  });
});

describe("settings that cannot work", { timeout: CLI_TIMEOUT }, () => {
  it("fails a mistyped API URL before any request, once per link, without adoptOrphans", async () => {
    const stack = "mistyped-url";
    const url = emulator().url.replace("http:", "htp:");
    await project.initStack(stack, { partnerId: PARTNER_ID, apiUrl: url, apiKey: API_KEY });
    const result = await project.pulumi(["up", "--yes", "--stack", stack]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `has a problem: smileid:apiUrl must be the API's URL; got "${url}": its scheme is htp, ` +
        "and only https (or http for a local emulator) works, as in " +
        "https://testapi.smileidentity.com/v1.",
    );
    expect(result.output).not.toContain("adoptOrphans");
    expect(emulator().requests).toEqual([]);
  });

  it("reports a bad environment as one message per link, without a stack trace", async () => {
    const stack = "bad-environment";
    await project.initStack(stack, stackSettingsFor(emulator()));
    await project.pulumiOk(["config", "set", "smileid:environment", "prod", "--stack", stack]);
    const result = await project.pulumi(["preview", "--stack", stack]);
    expect(result.code).not.toBe(0);
    expect(stackFrames(result.output)).toEqual([]);
    expect(result.output).not.toContain("SmileLinksError");
    const problem = 'smileid:environment must be sandbox or production; got "prod".';
    const perLink = [...linesWith(result.output, problem)].map((line) =>
      line.replace(/^.*resource '([^']+)' has a problem: /, "$1: "),
    );
    expect(new Set(perLink).size).toBeGreaterThanOrEqual(1);
    for (const line of perLink) expect(line).toMatch(/^(onboarding|vip-customer): smileid:env/);
  });
});

describe("an error answer", { timeout: CLI_TIMEOUT }, () => {
  it("shows Smile's request id in the diagnostic, to quote to Smile ID support", async () => {
    const stack = "request-id";
    await project.initStack(stack, stackSettingsFor(emulator()));
    emulator().faults.set({
      requestIdHeader: "x-request-id",
      failNext: [{ status: 400, count: 2 }],
    });
    const result = await project.pulumi(["up", "--yes", "--stack", stack]);
    expect(result.code).not.toBe(0);
    const ids = emulator().requests.map((request) => request.requestId);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(result.output).toContain(`(Smile ID request id ${id}, quote it to Smile ID support).`);
    }
  });
});
