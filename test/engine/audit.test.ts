import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pulumiEnv } from "../../scripts/ensure-pulumi.mjs";
import { compareAccount, refIdsToGet, type Finding } from "../../provider/cli/audit-compare";
import { buildReport, renderMarkdown, renderTable } from "../../provider/cli/audit-report";
import { heldLinks, SECRET_SIGNATURE_KEY, type HeldLink } from "../../provider/cli/audit-state";
import type { SmileLinkArgs } from "../../provider";
import type { LiveLink } from "../../provider/link/types";
import { smileLinksBinary } from "../helpers/cli";
import { API_KEY, PARTNER_ID, clientFor, useEmulator } from "../helpers/emulator";
import { engineStack, type EngineStack } from "../helpers/engine";
import { linkArgs, linkInputs } from "../helpers/links";

const HERE = { apiUrl: "http://127.0.0.1:9/v1", partnerId: PARTNER_ID };
const NOW = new Date("2030-06-01T00:00:00Z");
const NG_NIN = { country: "NG", idType: "NIN_V2", verificationMethod: "biometric_kyc" } as const;

function held(overrides: Partial<HeldLink> = {}, inputs: HeldLink["inputs"] = {}): HeldLink {
  return {
    stack: "prod",
    resource: "onboarding",
    type: "smileid:index:SmileLink",
    refId: "ref-1",
    inputs: { ...linkInputs(), ...inputs },
    secretFields: [],
    ...HERE,
    ...overrides,
  };
}

function live(overrides: Partial<LiveLink> = {}): LiveLink {
  return { ...linkInputs(), url: "https://links.example/ref-1", refId: "ref-1", ...overrides };
}

const audit = (account: LiveLink[], links: HeldLink[], includeDisabled = false) =>
  compareAccount({ account, held: links, location: HERE, now: NOW, includeDisabled });

const kinds = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.refId}`);

describe("the audit's comparison", () => {
  it("finds nothing when every live link is held and unchanged", () => {
    expect(audit([live()], [held()])).toEqual([]);
  });

  it.each<[string, LiveLink[], HeldLink[], string[]]>([
    ["an enabled link no stack holds is unmanaged", [live({ refId: "x" })], [], ["unmanaged x"]],
    ["a disabled link no stack holds is no finding", [live({ isDisabled: true })], [], []],
    [
      "a held link the account disabled is disabled",
      [live({ isDisabled: true })],
      [held()],
      ["disabled ref-1"],
    ],
    [
      "a link disabled in both is no finding",
      [live({ isDisabled: true })],
      [held({}, { isDisabled: true })],
      [],
    ],
    ["a held link the account does not know is missing", [], [held()], ["missing ref-1"]],
    [
      "an enabled link whose expiry is past is expired",
      [live({ expiresAt: "2030-01-01T00:00:00Z" })],
      [held({}, { expiresAt: "2030-01-01T00:00:00.000Z" })],
      ["expired ref-1"],
    ],
    [
      "an expiry in the future is no finding",
      [live({ expiresAt: "2031-01-01T00:00:00Z" })],
      [held({}, { expiresAt: "2031-01-01T00:00:00Z" })],
      [],
    ],
    [
      "a disabled link past its expiry is not expired",
      [live({ isDisabled: true, expiresAt: "2030-01-01T00:00:00Z" })],
      [held({}, { isDisabled: true, expiresAt: "2030-01-01T00:00:00Z" })],
      [],
    ],
    [
      "an unmanaged link past its expiry is unmanaged and expired",
      [live({ refId: "x", expiresAt: "2029-01-01T00:00:00Z" })],
      [],
      ["unmanaged x", "expired x"],
    ],
    [
      "a link held at another API URL is elsewhere, never missing",
      [],
      [held({ apiUrl: "https://api.smileidentity.com/v1" })],
      ["elsewhere ref-1"],
    ],
    [
      "a link held as another partner is elsewhere",
      [],
      [held({ partnerId: "partner-eu" })],
      ["elsewhere ref-1"],
    ],
    [
      "state that records no place is taken to be here",
      [],
      [held({ apiUrl: undefined, partnerId: undefined })],
      ["missing ref-1"],
    ],
    [
      "a trailing slash does not move a link elsewhere",
      [live()],
      [held({ apiUrl: `${HERE.apiUrl}/` })],
      [],
    ],
  ])("%s", (_, account, links, expected) => {
    expect(kinds(audit(account, links))).toEqual(expected);
  });

  it("reports disabled links no stack holds as unmanaged with --include-disabled", () => {
    const [finding] = audit([live({ isDisabled: true, disabledAt: "2030-01-02" })], [], true);
    expect(finding).toMatchObject({ kind: "unmanaged", stack: null, resource: null });
    expect(finding!.detail).toContain("disabled since 2030-01-02");
  });

  it("names each drifted field with the stack's and the account's value", () => {
    const findings = audit([live({ idTypes: [NG_NIN], name: "Renamed" })], [held()]);
    expect(findings).toEqual([
      {
        kind: "drifted",
        refId: "ref-1",
        stack: "prod",
        resource: "onboarding",
        detail:
          'name: stack "Customer onboarding", account "Renamed"; idTypes: stack ' +
          "[KE/NATIONAL_ID/biometric_kyc, NG/BVN/enhanced_kyc], account [NG/NIN_V2/biometric_kyc]",
      },
    ]);
  });

  it("sees ID types in another order, and fields the API left out, as no drift", () => {
    const reordered = [...linkInputs().idTypes].reverse();
    const terse = live({ idTypes: reordered, name: undefined, callbackUrl: undefined });
    expect(audit([terse], [held()])).toEqual([]);
  });

  it("reports a link the stack holds as disabled, enabled in the account, as drift", () => {
    const [finding] = audit([live()], [held({}, { isDisabled: true })]);
    expect(finding).toMatchObject({
      kind: "drifted",
      detail: "isDisabled: stack true, account false",
    });
  });

  it("neither compares nor shows a field the state stores as a secret", () => {
    const link = held({ secretFields: ["userId"] });
    expect(audit([live({ userId: "customer-7" })], [link])).toEqual([]);
  });

  it("gets only held links here that the listing did not show, each once", () => {
    const links = [
      held({ refId: "listed" }),
      held({ refId: "unlisted" }),
      held({ refId: "unlisted", stack: "staging" }),
      held({ refId: "far", apiUrl: "https://api.smileidentity.com/v1" }),
    ];
    expect(refIdsToGet([live({ refId: "listed" })], links, HERE)).toEqual(["unlisted"]);
  });
});

describe("reading a stack export", () => {
  const resource = (type: string, name: string, outputs: Record<string, unknown>) => ({
    urn: `urn:pulumi:prod::acme::${type}::${name}`,
    type,
    id: `id-${name}`,
    outputs,
  });
  const secretUrl = {
    [SECRET_SIGNATURE_KEY]: "1b47061264138c4ac30d75fd1eb44270",
    ciphertext: "v1:abc",
  };
  const document = {
    version: 3,
    deployment: {
      resources: [
        resource("pulumi:pulumi:Stack", "acme-prod", {}),
        resource("pulumi-nodejs:dynamic/smileid:SmileLink", "dyn", {
          ...linkArgs(),
          ...HERE,
          __provider: "exports.handler = ...",
        }),
        resource("smileid:index:SmileLink", "native", {
          ...linkArgs(),
          url: secretUrl,
          userId: secretUrl,
        }),
        { ...resource("smileid:index:SmileLink", "old", linkArgs()), delete: true },
      ],
    },
  };

  it("holds the links of both resource types, named by their URN, skipping pending deletes", () => {
    const links = heldLinks(document, "prod.json");
    expect(links.map((l) => [l.stack, l.resource, l.refId])).toEqual([
      ["prod", "dyn", "id-dyn"],
      ["prod", "native", "id-native"],
    ]);
    expect(links[0]).toMatchObject({ apiUrl: HERE.apiUrl, partnerId: PARTNER_ID });
    expect(Object.keys(links[0]!.inputs)).not.toContain("__provider");
  });

  it("keeps no value of a secret output", () => {
    const native = heldLinks(document, "prod.json")[1]!;
    expect(native.secretFields).toEqual(["userId"]);
    expect(JSON.stringify(native)).not.toContain("ciphertext");
  });

  it("names the stack by --stack when given", () => {
    expect(heldLinks(document, "x", "production")[0]!.stack).toBe("production");
  });

  it("refuses a file that is not a stack export", () => {
    expect(() => heldLinks({ resources: [] }, "links.yaml")).toThrow(
      /links.yaml: not a stack export/,
    );
  });
});

describe("the audit's report", () => {
  const finding: Finding = {
    kind: "drifted",
    refId: "ref-1",
    stack: "prod",
    resource: "onboarding",
    detail: 'name: stack "a|b", account "c"',
  };
  const report = buildReport([finding], {
    audited: HERE,
    stacks: ["prod"],
    links: { account: 3, held: 2 },
    apiCalls: 2,
  });

  it("says what it compared and how many API calls it took", () => {
    expect(renderTable(report)).toMatch(
      /1 finding\(s\): 1 drifted\. Audited 3 link\(s\) at .* against 1 stack\(s\) holding 2 link\(s\), in 2 API call\(s\)\./,
    );
  });

  it("escapes table separators in Markdown cells", () => {
    expect(renderMarkdown(report)).toContain(
      '| drifted | `ref-1` | prod | onboarding | name: stack "a\\|b", account "c" |',
    );
  });
});

/** CLI runs start the engine and the plugin: allow them time. */
const ENGINE_TIMEOUT = 120_000;
const OTHER_PARTNER_ID = "partner-eu";
const OTHER_API_KEY = "sk-eu-5a4b3c2d1e-DO-NOT-LEAK";
const REPO_BIN = path.resolve(__dirname, "../../bin");

class NativeLink extends pulumi.CustomResource {
  constructor(name: string, args: Record<string, unknown>) {
    super("smileid:index:SmileLink", name, args);
  }
}

/**
 * A stack of native `smileid:index:SmileLink`s, run by the real Pulumi CLI with an inline
 * program: the engine starts `pulumi-resource-smileid` from this repository's bin/ on PATH, as
 * an ambient plugin, so no SDK needs generating.
 */
async function nativeStack(
  apiUrl: string,
  links: Record<string, Record<string, unknown>>,
): Promise<{ stack: Stack; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "smile-links-audit-native-"));
  const binary = inject("pulumiBinary");
  const env = pulumiEnv(
    {
      PULUMI_BACKEND_URL: pathToFileURL(dir).href,
      PULUMI_CONFIG_PASSPHRASE: "audit-test-passphrase",
      SMILE_ID_API_URL: apiUrl,
      SMILE_ID_PARTNER_ID: OTHER_PARTNER_ID,
      SMILE_ID_API_KEY: OTHER_API_KEY,
      PULUMI_SMILEID_NODE: process.execPath,
    },
    binary,
  );
  env.PATH = [REPO_BIN, env.PATH].join(path.delimiter);
  const program = async () => {
    for (const [name, args] of Object.entries(links)) {
      new NativeLink(name, args);
    }
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "native", projectName: "smile-links-audit-test", program },
    {
      pulumiCommand: await PulumiCommand.get({
        root: path.dirname(path.dirname(binary)),
        skipVersionCheck: true,
      }),
      envVars: Object.fromEntries(
        Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    },
  );
  return { stack, dir };
}

const dynamicArgs = (overrides: Record<string, unknown>) =>
  linkArgs(overrides) as unknown as SmileLinkArgs;

interface Audit {
  code: number;
  stdout: string;
  stderr: string;
  json?: { ok: boolean; findings: Finding[]; counts: Record<string, number>; apiCalls: number };
}

describe("smile-links audit against the emulator", { timeout: ENGINE_TIMEOUT }, () => {
  const emulator = useEmulator({ pageSize: 2 });
  const other = useEmulator({ partnerId: OTHER_PARTNER_ID, apiKey: OTHER_API_KEY });
  let dynamic: EngineStack;
  let native: { stack: Stack; dir: string };
  let workDir: string;
  let secretUrl: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "smile-links-audit-"));
    dynamic = await engineStack(emulator(), {
      onboarding: dynamicArgs({ name: "Onboarding" }),
      kyc: dynamicArgs({ name: "KYC" }),
      vip: dynamicArgs({ name: "VIP", isSingleUse: true, userId: "customer-1042" }),
    });
    native = await nativeStack(other().url, {
      "native-onboarding": linkArgs({ name: "Native onboarding" }),
      "native-eu": linkArgs({ name: "Native EU" }),
    });
    await Promise.all([dynamic.stack.up(), native.stack.up()]);
    secretUrl = String((await dynamic.stack.outputs()).vipUrl!.value);
  }, 240_000);

  afterAll(async () => {
    await dynamic?.remove();
    if (native) await native.stack.workspace.removeStack("native", { force: true });
    await Promise.all(
      [native?.dir, native?.stack.workspace.workDir, workDir].map(
        (dir) => dir && rm(dir, { recursive: true, force: true }),
      ),
    );
  });

  const run = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Audit> => {
    const result = await smileLinksBinary(["audit", ...args], {
      ...dynamic.stack.workspace.envVars,
      SMILE_LINKS_PULUMI: inject("pulumiBinary"),
      SMILE_ID_API_URL: emulator().url,
      SMILE_ID_PARTNER_ID: PARTNER_ID,
      SMILE_ID_API_KEY: API_KEY,
      ...env,
    });
    const json = args.includes("--json") && result.stdout ? JSON.parse(result.stdout) : undefined;
    expect(`${result.stdout}${result.stderr}`).not.toContain(API_KEY);
    expect(`${result.stdout}${result.stderr}`).not.toContain(secretUrl);
    return { ...result, json };
  };
  const dynamicStack = () => ["--stack", "test", "--cwd", dynamic.stack.workspace.workDir];

  it("exits 0 on a clean account, the dynamic stack exported by the Pulumi CLI", async () => {
    const result = await run(dynamicStack());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^No findings\. Audited 3 link\(s\) at .* against 1 stack\(s\) holding 3 link\(s\)/,
    );
  });

  it("exits 0 on the native stack's own account, from its export file", async () => {
    const file = path.join(workDir, "native-clean.json");
    await writeFile(file, await nativeExport());
    const result = await run(["--state", file, "--json"], {
      SMILE_ID_API_URL: other().url,
      SMILE_ID_PARTNER_ID: OTHER_PARTNER_ID,
      SMILE_ID_API_KEY: OTHER_API_KEY,
    });
    expect(result.json).toMatchObject({ ok: true, findings: [] });
    expect(result.code).toBe(0);
  });

  describe("with a finding of each kind planted", () => {
    let result: Audit;
    let planted: Record<string, string>;
    let requests: string[];
    let otherRequests: number;

    beforeAll(async () => {
      const client = clientFor(emulator());
      const outputs = await dynamic.stack.outputs();
      const refId = (name: string) => String(outputs[`${name}RefId`]!.value);
      await client.update(refId("onboarding"), { isDisabled: true });
      await client.update(refId("kyc"), { idTypes: [NG_NIN] });
      const unmanaged = await client.create(linkInputs({ name: "Made in the portal" }));
      const expiring = new Date(Date.now() + 1500).toISOString();
      const expired = await client.create(linkInputs({ name: "Promo", expiresAt: expiring }));
      // The native stack's export, one link moved to the audited account's place: the account
      // does not know it (missing); the other stays where it lives (elsewhere).
      const state = JSON.parse(await nativeExport());
      const moved = state.deployment.resources.find((r: { urn: string }) =>
        r.urn.endsWith("::native-onboarding"),
      );
      Object.assign(moved.outputs, { apiUrl: emulator().url, partnerId: PARTNER_ID });
      const file = path.join(workDir, "native.json");
      await writeFile(file, JSON.stringify(state));
      planted = { unmanaged: unmanaged.refId, expired: expired.refId, missing: moved.id };
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Date.parse(expiring) - Date.now() + 100)),
      );
      emulator().clearRequests();
      other().clearRequests();
      result = await run(["--json", "--state", await dynamicExportFile(), file]);
      // Kept here: the emulators' logs are cleared before each test.
      requests = emulator().requests.map((r) => `${r.method} ${r.path.replace(/^\/v1/, "")}`);
      otherRequests = other().requests.length;
    }, ENGINE_TIMEOUT);

    const find = (kind: string) => result.json!.findings.filter((f) => f.kind === kind);

    it("exits 1", () => {
      expect(result.code).toBe(1);
      expect(result.json!.ok).toBe(false);
    });

    it.each([
      ["disabled", "test", "onboarding"],
      ["drifted", "test", "kyc"],
      ["missing", "native", "native-onboarding"],
      ["elsewhere", "native", "native-eu"],
    ])("reports %s with the stack %s and the resource %s", (kind, stack, resource) => {
      expect(find(kind)).toEqual([expect.objectContaining({ kind, stack, resource })]);
    });

    it("reports a link made outside any stack as unmanaged", () => {
      expect(find("unmanaged").map((f) => f.refId)).toContain(planted.unmanaged);
    });

    it("reports a link past its expiry as expired", () => {
      expect(find("expired")).toEqual([expect.objectContaining({ refId: planted.expired })]);
    });

    it("names the drifted field with both values", () => {
      expect(find("drifted")[0]!.detail).toBe(
        "idTypes: stack [KE/NATIONAL_ID/biometric_kyc, NG/BVN/enhanced_kyc], account [NG/NIN_V2/biometric_kyc]",
      );
    });

    it("lists every page and gets only the unlisted held link, once; never the other API", () => {
      const pages = requests.filter((line) => line.endsWith(":list"));
      expect(pages).toHaveLength(3);
      expect(requests.filter((line) => !line.endsWith(":list"))).toEqual([
        `POST /smile_links/${planted.missing}`,
      ]);
      expect(result.json!.apiCalls).toBe(requests.length);
      expect(otherRequests).toBe(0);
    });
  });

  it.each([
    ["neither --state nor --stack", []],
    ["both --state and --stack", ["--state", "a.json", "--stack", "dev"]],
    ["--json with --markdown", ["--stack", "dev", "--json", "--markdown"]],
    ["a state file that does not exist", ["--state", "no-such-export.json"]],
  ])("exits 2 on a usage error: %s", async (_, args) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe("");
    expect(emulator().requests).toEqual([]);
  });

  /** `pulumi stack export` by the CLI, as a user runs it: secrets stay encrypted. */
  async function nativeExport(): Promise<string> {
    const { stdout } = await promisify(execFile)(
      inject("pulumiBinary"),
      ["stack", "export", "--stack", "native"],
      { cwd: native.stack.workspace.workDir, env: native.stack.workspace.envVars },
    );
    return stdout;
  }

  async function dynamicExportFile(): Promise<string> {
    const file = path.join(workDir, "test.json");
    await writeFile(file, await dynamic.exportText());
    return file;
  }
});
