import { readFileSync } from "node:fs";
import { readdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, clientFor, requestLines, useEmulator } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";
import { installUserProject, LINK_TYPE, type UserProject } from "../helpers/user-project";

/**
 * What users run: a Pulumi TypeScript project of their own (examples/basic) that installed
 * pulumi-smile-links from its npm tarball, driven by the Pulumi CLI and its Node.js language
 * host. The API key is only ever secret stack config, typed in on standard input.
 */
const emulator = useEmulator();
/** CLI operations start the language host and the provider host: allow them time. */
const CLI_TIMEOUT = 120_000;

/** The user project gets the `@pulumi/pulumi` this repository develops with. */

let project: UserProject;
beforeAll(async () => {
  project = await installUserProject();
}, 300_000);
afterAll(() => project?.remove());

/** A new stack whose Smile ID settings are stack config. */
function initStack(stack: string, options: { apiKey: boolean }): Promise<void> {
  const apiKey = options.apiKey ? API_KEY : undefined;
  return project.initStack(stack, { partnerId: PARTNER_ID, apiUrl: emulator().url, apiKey });
}

/** The text of every file under `dir`. */
async function filesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter(
    (entry) => entry.isFile() && !entry.parentPath.includes(`${path.sep}node_modules`),
  );
  const texts = await Promise.all(
    files.map((entry) => readFile(path.join(entry.parentPath, entry.name), "utf8")),
  );
  return texts.join("\n");
}

describe("a user project installed from the npm tarball", () => {
  it("type-checks with the TypeScript npm installs for it today, 6.x", async () => {
    expect((await project.npm(["exec", "--", "tsc", "--version"])).stdout).toMatch(/^Version 6\./);
    const check = await project.npm(["exec", "--", "tsc", "--noEmit"]);
    expect(check.output).toBe("");
    expect(check.code).toBe(0);
  });

  it("keeps a single copy of @pulumi/pulumi, the project's own", async () => {
    const { stdout } = await project.npm(["ls", "@pulumi/pulumi", "--all", "--parseable"]);
    expect(stdout.trim().split("\n")).toEqual([
      path.join(await realpath(project.dir), "node_modules", "@pulumi", "pulumi"),
    ]);
  });
});

describe("the Pulumi CLI on a user project", { timeout: CLI_TIMEOUT }, () => {
  const stack = "dev";
  beforeAll(() => initStack(stack, { apiKey: true }));

  it("previews both links without calling the API", async () => {
    const preview = JSON.parse(await project.pulumiOk(["preview", "--json", "--stack", stack]));
    expect(preview.changeSummary).toEqual({ create: 3 });
    const creates = (preview.steps as { op: string; urn: string }[])
      .filter((step) => step.urn.includes(LINK_TYPE))
      .map((step) => `${step.op} ${step.urn.split("::").pop()}`);
    expect(creates.sort()).toEqual(["create onboarding", "create vip-customer"]);
    expect(emulator().requests).toEqual([]);
  });

  it("creates both links on up, the single-use link's URL a secret output", async () => {
    await project.pulumiOk(["up", "--yes", "--stack", stack]);
    const { onboardingRefId, vipRefId, onboardingUrl, vipUrl } = await project.outputs(stack);
    expect(emulator().store.get(onboardingRefId!)?.disabled_at).toBeNull();
    expect(emulator().store.get(vipRefId!)?.user_id).toBe("customer-1042");
    expect(onboardingUrl).toContain(`/links/${onboardingRefId}`);
    expect(vipUrl).toContain(`/links/${vipRefId}`);
    const shown = JSON.parse(await project.pulumiOk(["stack", "output", "--json", "-s", stack]));
    expect(shown.vipUrl).toBe("[secret]");
  });

  it("stores the provider as one require of the installed package, the text of the fixture", async () => {
    const reference = readFileSync(
      path.join(__dirname, "../fixtures/provider-reference.txt"),
      "utf8",
    );
    for (const link of await project.links(stack)) {
      expect(link.inputs?.__provider).toBe(reference);
      expect(link.outputs?.__provider).toBe(reference);
    }
  });

  it("updates a link in place when stack config changes its ID types", async () => {
    const { onboardingRefId } = await project.outputs(stack);
    const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
    await project.pulumiOk([
      "config",
      "set",
      "acme:onboardingIdTypes",
      JSON.stringify(idTypes),
      "--stack",
      stack,
    ]);
    emulator().clearRequests();
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
    expect((await project.outputs(stack)).onboardingRefId).toBe(onboardingRefId);
    expect(requestLines(emulator())).toEqual([`PUT /smile_links/${onboardingRefId}`]);
    expect(emulator().store.get(onboardingRefId!)?.id_types).toEqual([
      { country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" },
    ]);
  });

  it("replaces the single-use link when stack config names another customer", async () => {
    const { vipRefId: oldRefId } = await project.outputs(stack);
    await project.pulumiOk(["config", "set", "acme:vipUserId", "customer-2001", "--stack", stack]);
    emulator().clearRequests();
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
    const { vipRefId: newRefId } = await project.outputs(stack);
    expect(newRefId).not.toBe(oldRefId);
    expect(emulator().store.get(newRefId!)?.user_id).toBe("customer-2001");
    expect(requestLines(emulator())).toEqual(["POST /smile_links", `PUT /smile_links/${oldRefId}`]);
    expect(emulator().store.get(oldRefId!)?.disabled_at).toEqual(expect.any(String));
  });

  it("finds on refresh a link disabled in the portal", async () => {
    const { onboardingRefId } = await project.outputs(stack);
    await clientFor(emulator()).update(onboardingRefId!, { isDisabled: true });
    await project.pulumiOk(["refresh", "--yes", "--stack", stack]);
    const link = (await project.links(stack)).find((resource) => resource.id === onboardingRefId);
    expect(link?.outputs?.isDisabled).toBe(true);
  });

  it("re-enables that link on the next up", async () => {
    const { onboardingRefId } = await project.outputs(stack);
    await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
    expect(emulator().store.get(onboardingRefId!)?.disabled_at).toBeNull();
  });

  it("keeps the API key out of Pulumi's most verbose logs", async () => {
    const verbose = await project.pulumi([
      ...["refresh", "--yes", "--stack", stack],
      ...["-v=9", "--logtostderr", "--logflow", "--debug"],
    ]);
    expect(verbose.code).toBe(0);
    // The logs are really there: the engine configures the provider, which reads every link.
    expect(verbose.output).toMatch(/Provider\[0x[0-9a-f]+\]\.Configure\(\) executing/);
    expect(verbose.output).not.toContain(API_KEY);
  });

  it("keeps the API key out of pulumi stack export and every file of the backend and project", async () => {
    expect(await project.pulumiOk(["stack", "export", "--stack", stack])).not.toContain(API_KEY);
    expect(await filesUnder(project.backendDir)).not.toContain(API_KEY);
    expect(await filesUnder(project.dir)).not.toContain(API_KEY);
  });

  it("disables every link on destroy", async () => {
    const refIds = (await project.links(stack)).map((link) => link.id!);
    expect(refIds).toHaveLength(2);
    await project.pulumiOk(["destroy", "--yes", "--stack", stack]);
    for (const refId of refIds) {
      expect(emulator().store.get(refId)?.disabled_at).toEqual(expect.any(String));
    }
  });

  it("never printed the API key", () => {
    expect(project.transcript()).not.toContain(API_KEY);
  });

  it("ran the language host from beside the CLI, so the CLI never warned about PATH", () => {
    expect(project.transcript()).toContain("Resources:");
    expect(project.transcript()).not.toContain("from $PATH");
  });
});

describe(
  "a key set as secret stack config after the stack's last up",
  { timeout: CLI_TIMEOUT },
  () => {
    const stack = "late-key";
    beforeAll(async () => {
      await initStack(stack, { apiKey: false });
      await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack], {
        env: { SMILE_ID_API_KEY: API_KEY },
      });
      await project.setSecret(stack, "smileid:apiKey", API_KEY);
      emulator().clearRequests();
    });

    it("fails a refresh, saying that refresh uses the config of the last up and what works", async () => {
      const refresh = await project.pulumi(["refresh", "--yes", "--stack", stack]);
      expect(refresh.code).not.toBe(0);
      expect(refresh.output).toContain(
        "Smile ID credentials are missing: set smileid:apiKey (pulumi config set --secret " +
          "smileid:apiKey ...) or SMILE_ID_API_KEY. If the stack config has them already: pulumi " +
          "refresh and pulumi destroy configure the provider with the stack config saved by the " +
          "last pulumi up, so a value set since then reaches them only with --run-program",
      );
      expect(emulator().requests).toEqual([]);
    });

    it("refreshes with --run-program, after which a plain refresh works too", async () => {
      await project.pulumiOk(["refresh", "--yes", "--run-program", "--stack", stack]);
      // Reads only (a preview, then the refresh): one POST per link of the stack.
      const reads = (await project.links(stack)).map((link) => `POST /smile_links/${link.id}`);
      expect(new Set(requestLines(emulator()))).toEqual(new Set(reads));
      await project.pulumiOk(["refresh", "--yes", "--stack", stack]);
    });
  },
);

// pulumi/pulumi#16175: the import step calls Read without the serialized provider, so the host
// tries to load the provider from `undefined`. `adoptRefId` is the way to adopt a link.
describe("pulumi import of a link", { timeout: CLI_TIMEOUT }, () => {
  const stack = "import";
  let refId: string;
  beforeAll(async () => {
    await initStack(stack, { apiKey: true });
    ({ refId } = await clientFor(emulator()).create(linkInputs({ name: "Made in the portal" })));
    emulator().clearRequests();
  });

  it("fails as for every dynamic resource, calling no API and adding nothing to the stack", async () => {
    const result = await project.pulumi([
      "import",
      LINK_TYPE,
      "legacy",
      refId,
      "--yes",
      "-s",
      stack,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("code must be a string, not undefined");
    expect(emulator().requests).toEqual([]);
    expect(await project.links(stack)).toEqual([]);
  });
});
