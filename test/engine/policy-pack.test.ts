import { appendFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pulumiEnv } from "../../scripts/ensure-pulumi.mjs";
import { useEmulator, stackSettingsFor } from "../helpers/emulator";
import type { CommandResult } from "../helpers/pulumi-run";
import { installUserProject, type UserProject } from "../helpers/user-project";

/**
 * The policy pack as users run it: a project that installed pulumi-smile-links from its npm
 * tarball runs `pulumi preview --policy-pack node_modules/pulumi-smile-links/policy
 * --policy-pack-config FILE` with the project's CLI. Its Node.js language host (sdk v3.68.0)
 * cannot start a policy pack, so the code-generation host, which runs packs as Pulumi's current
 * host does and passes the program to that host, goes first on PATH (docs/policies.md, "What a
 * user needs"). The program makes a link of each kind: the dynamic provider's and the native one's.
 */
const emulator = useEmulator();
const CLI_TIMEOUT = 120_000;
const DYNAMIC = "pulumi-nodejs:dynamic/smileid:SmileLink";
const NATIVE = "smileid:index:SmileLink";

/** The program: `links` is TypeScript building a SmileLink (dynamic) and a NativeSmileLink. */
const program = (links: string) => `import * as pulumi from "@pulumi/pulumi";
import { SmileLink } from "pulumi-smile-links";

/** The native provider's link, registered without its generated SDK. */
class NativeSmileLink extends pulumi.CustomResource {
  constructor(name: string, args: pulumi.Inputs) {
    super("${NATIVE}", name, args);
  }
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

${links}
`;

const COMPLIANT = program(`new SmileLink("onboarding", {
  name: "Customer onboarding",
  companyName: "Acme",
  idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" }],
  callbackUrl: "https://hooks.acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  logoUrl: "https://cdn.elsewhere.example/logo.svg",
  redirectUrl: "https://acme.example/done",
});

new NativeSmileLink("vip-customer", {
  name: "Re-verify a customer",
  companyName: "Acme",
  idTypes: [{ country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" }],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  isSingleUse: true,
  userId: "customer-1042",
  expiresAt: inDays(7),
});`);

/** Each link breaks every rule it can: the dynamic one five, the native one five. */
const BREAKS_EVERY_RULE = program(`new SmileLink("plain-http", {
  name: "Plain http",
  companyName: "Acme",
  idTypes: [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }],
  callbackUrl: "http://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  redirectUrl: "https://evil.example/done",
  isSingleUse: true,
});

new NativeSmileLink("far-away", {
  name: "Far away",
  companyName: "Acme",
  idTypes: [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }],
  callbackUrl: "https://hooks.evil.example/cb",
  dataPrivacyPolicyUrl: "http://acme.example/privacy",
  isSingleUse: true,
  userId: "customer-7",
  expiresAt: inDays(400),
});`);

const STRICT_CONFIG = {
  "smile-links-allowed-domains": { domains: ["acme.example"] },
  "smile-links-max-expiry": { maxDays: 30 },
  "smile-links-allowed-countries": { countries: ["NG", "KE"] },
  "smile-links-allowed-verification-methods": {
    verificationMethods: ["enhanced_kyc", "biometric_kyc"],
  },
};

let project: UserProject;
/** PATH with the host that runs policy packs first, as docs/policies.md says. */
let policyPath: string;
beforeAll(async () => {
  project = await installUserProject();
  policyPath = [inject("codegenHostDir"), pulumiEnv({}, inject("pulumiBinary")).PATH].join(
    path.delimiter,
  );
  // The native provider's plugin, where npm installed it (docs/native-provider.md).
  await appendFile(
    path.join(project.dir, "Pulumi.yaml"),
    "plugins:\n  providers:\n    - name: smileid\n      path: ./node_modules/pulumi-smile-links/bin\n",
  );
  await project.initStack("dev", stackSettingsFor(emulator()));
}, 300_000);
afterAll(() => project?.remove());

/** `pulumi preview` of `source` with the pack, and `config` as its --policy-pack-config file. */
async function previewWithPack(source: string, config?: object): Promise<CommandResult> {
  await writeFile(path.join(project.dir, "index.ts"), source);
  const args = [
    "preview",
    "--stack",
    "dev",
    "--policy-pack",
    "node_modules/pulumi-smile-links/policy",
  ];
  if (config !== undefined) {
    const file = path.join(project.dir, "policy-config.json");
    await writeFile(file, JSON.stringify(config));
    args.push("--policy-pack-config", file);
  }
  emulator().clearRequests();
  return project.pulumi(args, { env: { PATH: policyPath } });
}

/** A mandatory violation as the CLI lists it: level, policy, then the resource's type and name. */
const listed = (policy: string, type: string, name: string) =>
  new RegExp(`\\[mandatory\\]\\s+${policy}\\s+\\(${type}: ${name}\\)`);

describe("the policy pack under the Pulumi CLI", { timeout: CLI_TIMEOUT }, () => {
  it("passes a compliant program under the strictest configuration, with no API request", async () => {
    const preview = await previewWithPack(COMPLIANT, STRICT_CONFIG);
    expect(preview.output).toContain("smile-links@v0.1.0");
    expect(preview.output).not.toMatch(/\[(mandatory|advisory)\]/);
    expect(preview.code, preview.output).toBe(0);
    expect(emulator().requests).toEqual([]);
  });

  it("fails a program that breaks each rule, naming each policy and resource, with no API request", async () => {
    const preview = await previewWithPack(BREAKS_EVERY_RULE, STRICT_CONFIG);
    expect(preview.code).not.toBe(0);
    const expected: [string, string, string][] = [
      ["smile-links-https", DYNAMIC, "plain-http"],
      ["smile-links-single-use", DYNAMIC, "plain-http"],
      ["smile-links-allowed-domains", DYNAMIC, "plain-http"],
      ["smile-links-allowed-countries", DYNAMIC, "plain-http"],
      ["smile-links-allowed-verification-methods", DYNAMIC, "plain-http"],
      ["smile-links-https", NATIVE, "far-away"],
      ["smile-links-allowed-domains", NATIVE, "far-away"],
      ["smile-links-max-expiry", NATIVE, "far-away"],
      ["smile-links-allowed-countries", NATIVE, "far-away"],
      ["smile-links-allowed-verification-methods", NATIVE, "far-away"],
    ];
    for (const [policy, type, name] of expected) {
      expect(preview.output, `${policy} on ${name}`).toMatch(listed(policy, type, name));
    }
    for (const message of [
      'SmileLink "plain-http": callbackUrl is "http://acme.example/smile/callback"; allowed: https:// URLs only',
      'SmileLink "plain-http": isSingleUse is true and userId is not set',
      'SmileLink "plain-http": isSingleUse is true and expiresAt is not set',
      'SmileLink "plain-http": redirectUrl is "https://evil.example/done" (host evil.example); allowed: hosts within acme.example',
      'SmileLink "plain-http": idTypes[0].country is "GH"; allowed: NG, KE',
      'SmileLink "plain-http": idTypes[0].verificationMethod is "doc_verification"; allowed: enhanced_kyc, biometric_kyc',
      'SmileLink "far-away": dataPrivacyPolicyUrl is "http://acme.example/privacy"',
      'SmileLink "far-away": callbackUrl is "https://hooks.evil.example/cb" (host hooks.evil.example)',
      "allowed: at most 30 days from now",
      'SmileLink "far-away": idTypes[0].country is "GH"',
    ]) {
      expect(preview.output).toContain(message);
    }
    expect(emulator().requests).toEqual([]);
  });

  it("without configuration passes a program of https links to any host, and says which policies had nothing to check", async () => {
    const anyHost = COMPLIANT.replaceAll("acme.example", "anywhere.example");
    const preview = await previewWithPack(anyHost);
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toContain("smile-links-allowed-domains: no domains configured");
    expect(preview.output).toContain("smile-links-allowed-countries: nothing configured");
    expect(emulator().requests).toEqual([]);
  });

  it("lets the configuration make a policy advisory: its violations are listed, the preview passes", async () => {
    const httpOnly = COMPLIANT.replace(
      "https://acme.example/privacy",
      "http://acme.example/privacy",
    );
    const preview = await previewWithPack(httpOnly, { "smile-links-https": "advisory" });
    expect(preview.output).toMatch(
      new RegExp(`\\[advisory\\]\\s+smile-links-https\\s+\\(${DYNAMIC}: onboarding\\)`),
    );
    expect(preview.code, preview.output).toBe(0);
  });
});
