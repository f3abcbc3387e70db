import fc from "fast-check";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { smileLinks } from "../helpers/cli";
import { stackSettingsFor, useEmulator } from "../helpers/emulator";
import { installUserProject, type UserProject } from "../helpers/user-project";

/**
 * `smile-links validate` and the preview of a new stack judge a links file alike: validate
 * exits 0 exactly when `pulumi preview` of a new stack, on a user project whose program is
 * `linksFromFile("links.yaml")`, succeeds. Each file costs one preview, so there is one
 * generated file (fixed seed) per rule: one link breaks the rule, or may (the http callback is
 * wrong in production only), among links made valid in generated ways, in an environment, with
 * or without `defaults`, at a generated place.
 */
const emulator = useEmulator();
const SEED = 20260429;
const CLI_TIMEOUT = 120_000;

type Link = Record<string, unknown>;
type Environment = "sandbox" | "production";

const VALID: Link = {
  name: "Customer onboarding",
  companyName: "Acme",
  idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" }],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
};

/** Edits that leave a link valid in either environment. */
const VALID_EDITS: Record<string, (link: Link) => Link> = {
  "as given": (link) => link,
  "single use, expiring in 2099": (link) => ({
    ...link,
    isSingleUse: true,
    userId: "customer-2",
    expiresAt: "2099-01-01T00:00:00Z",
  }),
  // An adoption creates no link: its expiry may have passed.
  "an expired link it adopts": (link) => ({
    ...link,
    adoptRefId: "9b1c2d3e",
    expiresAt: "2020-01-01T00:00:00Z",
  }),
  "a lower-case country and partner params": (link) => ({
    ...link,
    idTypes: [{ country: "ke", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" }],
    partnerParams: { team: "kyc" },
  }),
};

/** One edit per rule, each the case of one file. */
const RULES: Record<string, (link: Link) => Link> = {
  "no rule broken": (link) => link,
  "a single-use link that expired in 2020": (link) => ({
    ...link,
    isSingleUse: true,
    userId: "customer-1",
    expiresAt: "2020-01-01T00:00:00Z",
  }),
  "userId on a multi-use link": (link) => ({ ...link, userId: "customer-3" }),
  "an unknown country": (link) => ({
    ...link,
    idTypes: [{ country: "XX", idType: "BVN", verificationMethod: "enhanced_kyc" }],
  }),
  "an ID type the catalog does not list": (link) => ({
    ...link,
    idTypes: [{ country: "NG", idType: "NOT_A_TYPE", verificationMethod: "enhanced_kyc" }],
  }),
  "a repeated ID type": (link) => ({
    ...link,
    idTypes: [
      { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
      { country: "ng", idType: "bvn", verificationMethod: "biometric_kyc" },
    ],
  }),
  "an http callback": (link) => ({ ...link, callbackUrl: "http://acme.example/smile/callback" }),
  "a misspelled key": ({ callbackUrl, ...link }) => ({ ...link, callbakUrl: callbackUrl }),
  "a number as a partner param": (link) => ({ ...link, partnerParams: { tier: 3 } }),
  "an empty name": (link) => ({ ...link, name: "" }),
};

/** validate's exit code for a file around one rule's link: only http is sandbox's to allow. */
function expectedExit(rule: string, environment: Environment): 0 | 1 {
  const allowed =
    rule === "no rule broken" || (rule === "an http callback" && environment === "sandbox");
  return allowed ? 0 : 1;
}

/** A file around one rule's link: its environment, its other links, where the rule's link is. */
interface FileAround {
  environment: Environment;
  /** companyName and dataPrivacyPolicyUrl given once, under `defaults`. */
  sharedDefaults: boolean;
  others: string[];
  position: number;
}

const fileAround: fc.Arbitrary<FileAround> = fc.record({
  environment: fc.constantFrom<Environment>("sandbox", "production"),
  sharedDefaults: fc.boolean(),
  others: fc.array(fc.constantFrom(...Object.keys(VALID_EDITS)), { maxLength: 2 }),
  position: fc.nat(),
});

function yamlOf(rule: string, { sharedDefaults, others, position }: FileAround): string {
  const { companyName, dataPrivacyPolicyUrl, ...rest } = VALID;
  const base = sharedDefaults ? rest : VALID;
  const edits = others.map((edit) => VALID_EDITS[edit]!);
  edits.splice(position % (others.length + 1), 0, RULES[rule]!);
  const links = Object.fromEntries(edits.map((edit, index) => [`link-${index + 1}`, edit(base)]));
  const defaults = sharedDefaults ? { defaults: { companyName, dataPrivacyPolicyUrl } } : {};
  return stringify({ ...defaults, links });
}

let project: UserProject;
/** A new stack per environment; a preview changes nothing, so each stays new. */
const STACKS: Record<Environment, string> = {
  sandbox: "new-sandbox",
  production: "new-production",
};

beforeAll(async () => {
  project = await installUserProject();
  await writeFile(
    path.join(project.dir, "index.ts"),
    `import { linksFromFile } from "pulumi-smile-links";\nlinksFromFile("links.yaml");\n`,
  );
  for (const [environment, stack] of Object.entries(STACKS)) {
    await project.initStack(stack, stackSettingsFor(emulator()));
    await project.pulumiOk(["config", "set", "smileid:environment", environment, "--stack", stack]);
  }
}, 300_000);
afterAll(() => project?.remove());

describe("validate and the preview of a new stack", { timeout: CLI_TIMEOUT }, () => {
  it.each(Object.keys(RULES).map((rule, index) => [rule, SEED + index] as const))(
    "agree on a generated file with %s",
    async (rule, seed) => {
      await fc.assert(
        fc.asyncProperty(fileAround, async (around) => {
          await writeFile(path.join(project.dir, "links.yaml"), yamlOf(rule, around));
          const validate = await smileLinks(
            ["validate", "links.yaml", "--environment", around.environment],
            process.env,
            { cwd: project.dir },
          );
          const preview = await project.pulumi(["preview", "--stack", STACKS[around.environment]]);
          // Both may agree by being wrong alike: each rule's verdict is also known beforehand.
          expect(validate.code, validate.stdout).toBe(expectedExit(rule, around.environment));
          expect(preview.code === 0, `${validate.stdout}\n${preview.output}`).toBe(
            validate.code === 0,
          );
          // A preview that fails does so for the file, not for anything else.
          if (preview.code !== 0) {
            expect(preview.output).toMatch(/links\.yaml has \d+ problem|has a problem/);
          }
          expect(emulator().requests).toEqual([]);
        }),
        { seed, numRuns: 1, endOnFailure: true },
      );
    },
  );
});
