import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, clientFor, useEmulator, stackSettingsFor } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";
import { installUserProject, LINK_TYPE, type UserProject } from "../helpers/user-project";

/**
 * A new user's first hour, through what users run: the Pulumi CLI on a project of their own
 * that installed the package from its npm tarball. Preview's messages name the value given,
 * an adoption says which link it takes over, a diff shows only the user's inputs, and a
 * preview fails where an up certainly would. One project serves every case; each case writes
 * the program it needs.
 */
const emulator = useEmulator();
const CLI_TIMEOUT = 120_000;

let project: UserProject;
beforeAll(async () => {
  project = await installUserProject();
}, 300_000);
afterAll(() => project?.remove());

/** A program of one link, `fields` over a valid one. */
function program(fields: Record<string, unknown>): Promise<void> {
  const args = {
    name: "Customer onboarding",
    companyName: "Acme",
    idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" }],
    callbackUrl: "https://acme.example/smile/callback",
    dataPrivacyPolicyUrl: "https://acme.example/privacy",
    ...fields,
  };
  const source =
    `import { SmileLink } from "pulumi-smile-links";\n` +
    `const link = new SmileLink("onboarding", ${JSON.stringify(args, null, 2)});\n` +
    `export const refId = link.refId;\n`;
  return writeFile(path.join(project.dir, "index.ts"), source);
}

let stacks = 0;
async function newStack(): Promise<string> {
  const stack = `first-hour-${++stacks}`;
  await project.initStack(stack, stackSettingsFor(emulator()));
  return stack;
}

interface PreviewStep {
  op: string;
  urn: string;
  diffs?: string[];
  detailedDiff?: Record<string, unknown> | null;
}

async function linkSteps(stack: string): Promise<PreviewStep[]> {
  const preview = JSON.parse(await project.pulumiOk(["preview", "--json", "--stack", stack]));
  return (preview.steps as PreviewStep[]).filter((step) => step.urn.includes(LINK_TYPE));
}

describe("preview's messages name the value given", { timeout: CLI_TIMEOUT }, () => {
  let stack: string;
  beforeAll(async () => {
    stack = await newStack();
  }, CLI_TIMEOUT);

  it("names a nested property's path and value, without the engine's {<nil>}", async () => {
    await program({
      idTypes: [{ country: "XX", idType: "BVN", verificationMethod: "enhanced_kyc" }],
    });
    const result = await project.pulumi(["preview", "--stack", stack]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `error: ${LINK_TYPE} resource 'onboarding' has a problem: idTypes[0].country: must be ` +
        'an ISO 3166-1 alpha-2 country code such as NG, KE or ZA; got "XX"\n',
    );
    expect(result.output).not.toContain("{<nil>}");
  });

  it("gives one message for a callbackUrl that is not a URL, naming it", async () => {
    await program({ callbackUrl: "not a url" });
    const result = await project.pulumi(["preview", "--stack", stack]);
    expect(result.code).not.toBe(0);
    // The CLI shows each diagnostic as it comes and again in its summary: distinct ones count.
    const messages = new Set(
      result.output
        .split("\n")
        .filter((line) => line.includes("callbackUrl") && line.includes("has a problem"))
        .map((line) => line.slice(line.indexOf("property callbackUrl"))),
    );
    expect([...messages]).toEqual([
      expect.stringContaining('has a problem: must be an absolute http(s) URL; got "not a url"'),
    ]);
  });

  it("reports a repeated id type even when the link has an unknown country too", async () => {
    await program({
      idTypes: [
        { country: "XX", idType: "BVN", verificationMethod: "enhanced_kyc" },
        { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
        { country: "NG", idType: "BVN", verificationMethod: "biometric_kyc" },
      ],
    });
    const result = await project.pulumi(["preview", "--stack", stack]);
    expect(result.output).toContain('got "XX"');
    expect(result.output).toContain("repeats NG BVN from idTypes[1]");
  });
});

describe("an adoption at preview and after it", { timeout: CLI_TIMEOUT }, () => {
  let stack: string;
  let refId: string;
  beforeAll(async () => {
    stack = await newStack();
    ({ refId } = await clientFor(emulator()).create(
      linkInputs({ callbackUrl: "https://acme.example/smile/callback" }),
    ));
  }, CLI_TIMEOUT);

  it("says at preview which link it takes over and that no new link will be made", async () => {
    await program({
      ...linkInputs({ callbackUrl: "https://acme.example/smile/callback" }),
      adoptRefId: refId,
    });
    const result = await project.pulumi(["preview", "--stack", stack]);
    expect(result.code).toBe(0);
    expect(result.output).toContain(
      `adoptRefId: this create takes over the existing link ${refId}; no new link will be made`,
    );
  });

  it("says after the up which link it took over", async () => {
    const before = emulator().store.list().length;
    const result = await project.pulumi(["up", "--yes", "--stack", stack]);
    expect(result.code).toBe(0);
    expect(result.output).toContain(`adoptRefId: took over the existing link ${refId}`);
    expect(emulator().store.list().length).toBe(before);
  });
});

describe("nothing internal in a diff", { timeout: CLI_TIMEOUT }, () => {
  let stack: string;
  beforeAll(async () => {
    stack = await newStack();
    await program({});
    await project.pulumiOk(["up", "--yes", "--stack", stack]);
  }, CLI_TIMEOUT);

  const shownKeys = (step: PreviewStep) => [
    ...(step.diffs ?? []),
    ...Object.keys(step.detailedDiff ?? {}),
  ];

  it("shows only isDisabled after a refresh finds the link disabled in the portal", async () => {
    const { refId } = await project.outputs(stack);
    await clientFor(emulator()).update(refId!, { isDisabled: true });
    await project.pulumiOk(["refresh", "--yes", "--stack", stack]);
    const [step] = await linkSteps(stack);
    expect(step!.op).toBe("update");
    expect(shownKeys(step!)).not.toContain("resourceKey");
    const text = await project.pulumiOk(["preview", "--diff", "--stack", stack]);
    expect(text).toContain("isDisabled");
    expect(text).not.toContain("resourceKey");
  });

  it("lists only the user's inputs in a replace", async () => {
    await program({ name: "Renamed onboarding" });
    const [step] = await linkSteps(stack);
    expect(step!.op).toBe("replace");
    expect(shownKeys(step!)).not.toContain("resourceKey");
    const text = await project.pulumiOk(["preview", "--diff", "--stack", stack]);
    expect(text).toContain("Renamed onboarding");
    expect(text).not.toContain("resourceKey");
  });
});

describe("preview fails where up certainly would", { timeout: CLI_TIMEOUT }, () => {
  it("fails the preview of a stack with no API key in stack config or environment", async () => {
    await program({});
    const stack = `first-hour-${++stacks}`;
    await project.initStack(stack, { partnerId: PARTNER_ID, apiUrl: emulator().url });
    const result = await project.pulumi(["preview", "--stack", stack]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      "Smile ID credentials are missing: set smileid:apiKey (pulumi config set --secret " +
        "smileid:apiKey ...) or SMILE_ID_API_KEY. pulumi up would fail the same way.",
    );
  });

  it("previews a stack whose API key comes from the environment", async () => {
    const stack = `first-hour-${stacks}`;
    const result = await project.pulumi(["preview", "--stack", stack], {
      env: { SMILE_ID_API_KEY: API_KEY },
    });
    expect(result.code).toBe(0);
  });

  it("fails the preview of a misspelled smileid key, with a did you mean", async () => {
    await program({});
    const stack = await newStack();
    await project.pulumiOk(["config", "set", "smileid:apiKye", "x", "--stack", stack]);
    const result = await project.pulumi(["preview", "--stack", stack]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      "smileid:apiKye is not a setting of the smileid provider; did you mean smileid:apiKey?",
    );
    expect(result.output).not.toMatch(/ {4}at /);
  });
});
