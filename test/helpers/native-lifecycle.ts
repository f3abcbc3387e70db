import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../provider/emulator";
import { API_KEY, clientFor, requestLines, useEmulator, stackSettingsFor } from "./emulator";
import { linkInputs } from "./links";
import {
  installNativeProject,
  printedCode,
  type Language,
  type NativeProject,
} from "./native-project";

/** CLI operations start the language host and the plugin: allow them time. */
const CLI_TIMEOUT = 90_000;

/** A second account, which only an explicit provider's settings point at. */
const OTHER_PARTNER_ID = "partner-eu";
const OTHER_API_KEY = "sk-eu-5a4b3c2d1e-DO-NOT-LEAK";

/** A link with an explicit provider whose settings come from stack config, in each language. */
const EXPLICIT_PROVIDER_CODE: Record<Language, string> = {
  typescript: `
const eu = new smileid.Provider("eu", {
  apiUrl: config.require("euApiUrl"),
  partnerId: config.require("euPartnerId"),
  apiKey: config.requireSecret("euApiKey"),
});
const euLink = new smileid.SmileLink(
  "eu-onboarding",
  {
    name: "EU onboarding",
    companyName: "Acme",
    idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" }],
    callbackUrl: "https://acme.example/smile/callback",
    dataPrivacyPolicyUrl: "https://acme.example/privacy",
  },
  { provider: eu },
);
export const euRefId = euLink.refId;`,
  python: `
eu = smileid.Provider(
    "eu",
    api_url=config.require("euApiUrl"),
    partner_id=config.require("euPartnerId"),
    api_key=config.require_secret("euApiKey"),
)
eu_link = smileid.SmileLink(
    "eu-onboarding",
    name="EU onboarding",
    company_name="Acme",
    id_types=[smileid.IdTypeArgs(country="NG", id_type="BVN", verification_method="enhanced_kyc")],
    callback_url="https://acme.example/smile/callback",
    data_privacy_policy_url="https://acme.example/privacy",
    opts=pulumi.ResourceOptions(provider=eu),
)
pulumi.export("euRefId", eu_link.ref_id)`,
};

/**
 * A link on a stack of a project using the native provider. The steps below take it through the
 * lifecycle with their assertions, for this lifecycle and plugin-install.test.ts alike.
 */
export interface StackLink {
  project: Pick<NativeProject, "pulumi" | "pulumiOk" | "outputs" | "links">;
  stack: string;
  emulator: RunningEmulator;
  /** The stack output holding the link's ref_id. */
  refIdOutput: string;
  /** The stack config key the program takes the link's ID types from. */
  idTypesKey: string;
}

/** `pulumi up` makes the link, live; resolves with the stack's outputs. */
export async function upCreates(link: StackLink): Promise<Record<string, string>> {
  await link.project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", link.stack]);
  const outputs = await link.project.outputs(link.stack);
  expect(link.emulator.store.get(outputs[link.refIdOutput]!)?.disabled_at).toBeNull();
  return outputs;
}

/** Sets the link's ID types in stack config to a Ghanaian passport's, for `upUpdatesInPlace`. */
export async function setPassportIdTypes(link: StackLink): Promise<void> {
  const idTypes = [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }];
  await link.project.pulumiOk([
    ...["config", "set", link.idTypesKey, JSON.stringify(idTypes), "--stack", link.stack],
  ]);
}

/** `pulumi up` after `setPassportIdTypes`: one PUT updates the link, its ref_id kept. */
export async function upUpdatesInPlace(link: StackLink): Promise<void> {
  const refId = (await link.project.outputs(link.stack))[link.refIdOutput];
  link.emulator.clearRequests();
  await link.project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", link.stack]);
  expect((await link.project.outputs(link.stack))[link.refIdOutput]).toBe(refId);
  expect(requestLines(link.emulator)).toEqual([`PUT /smile_links/${refId}`]);
  expect(link.emulator.store.get(refId!)?.id_types).toEqual([
    { country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" },
  ]);
}

/** Sets the link's name in stack config `nameKey`: a change that forces a replacement. */
export async function setNewName(link: StackLink, nameKey: string): Promise<void> {
  await link.project.pulumiOk(["config", "set", nameKey, "Onboarding v2", "--stack", link.stack]);
}

/** `pulumi preview` after `setNewName`: a replacement of `resource`, naming the input that forces it. */
export async function previewNamesReplacement(link: StackLink, resource: string): Promise<void> {
  const preview = JSON.parse(
    await link.project.pulumiOk(["preview", "--json", "--stack", link.stack]),
  );
  const step = (preview.steps as { op: string; urn: string; replaceReasons?: string[] }[]).find(
    (candidate) => candidate.op === "replace",
  );
  expect(step?.urn).toMatch(new RegExp(`::${resource}$`));
  expect(step?.replaceReasons).toEqual(["name"]);
}

/** `pulumi up` after `setNewName`: the new link is made before the old one is disabled. */
export async function upReplaces(link: StackLink): Promise<void> {
  const oldRefId = (await link.project.outputs(link.stack))[link.refIdOutput];
  link.emulator.clearRequests();
  await link.project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", link.stack]);
  const newRefId = (await link.project.outputs(link.stack))[link.refIdOutput];
  expect(newRefId).not.toBe(oldRefId);
  expect(link.emulator.store.get(newRefId!)?.name).toBe("Onboarding v2");
  expect(requestLines(link.emulator)).toEqual([
    "POST /smile_links",
    `PUT /smile_links/${oldRefId}`,
  ]);
  expect(link.emulator.store.get(oldRefId!)?.disabled_at).toEqual(expect.any(String));
}

/**
 * What the CLI prints, whatever the program's language, for a link `onboarding` whose first ID
 * type names a verification method Smile does not offer: the engine's words around the plugin's.
 */
export const BROKEN_RULE_MESSAGE =
  "error: smileid:index:SmileLink resource 'onboarding' has a problem: " +
  "idTypes[0].verificationMethod: must be one of biometric_kyc, doc_verification, " +
  'enhanced_document_verification, enhanced_kyc; got "selfie"';

/**
 * `pulumi preview` with a selfie as the link's verification method fails with
 * `BROKEN_RULE_MESSAGE` before any API call; the ID types' config is removed after.
 */
export async function previewRefusesBrokenRule(link: StackLink): Promise<void> {
  const idTypes = [{ country: "NG", idType: "BVN", verificationMethod: "selfie" }];
  const config = ["config", "--stack", link.stack];
  await link.project.pulumiOk([...config, "set", link.idTypesKey, JSON.stringify(idTypes)]);
  link.emulator.clearRequests();
  const result = await link.project.pulumi(["preview", "--stack", link.stack]);
  await link.project.pulumiOk([...config, "rm", link.idTypesKey]);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain(BROKEN_RULE_MESSAGE);
  expect(link.emulator.requests).toEqual([]);
}

/** `pulumi refresh` finds the link disabled after it was disabled in the portal. */
export async function refreshFindsDisabled(link: StackLink): Promise<void> {
  const refId = (await link.project.outputs(link.stack))[link.refIdOutput];
  await clientFor(link.emulator).update(refId!, { isDisabled: true });
  await link.project.pulumiOk(["refresh", "--yes", "--stack", link.stack]);
  const found = (await link.project.links(link.stack)).find((resource) => resource.id === refId);
  expect(found?.outputs?.isDisabled).toBe(true);
}

/**
 * One ordered lifecycle of the native `smileid:index:SmileLink` through the Pulumi CLI, in a
 * project of `language` installed as a user does (helpers/native-project.ts): preview, create,
 * in-place update, replacement, refresh of drift, import with printed code, an explicit
 * provider, destroy. Each step
 * builds on the state the previous one left, on one stack, to keep the suite short.
 * Returns the installed project and its `onboarding` link, for a test file's own tests of them;
 * the file's hooks install it before any of its tests and remove it after all of them.
 */
export function describeNativeLifecycle(language: Language): {
  project: () => NativeProject;
  onboarding: () => StackLink;
} {
  const emulator = useEmulator();
  const other = useEmulator({ partnerId: OTHER_PARTNER_ID, apiKey: OTHER_API_KEY });
  const stack = "dev";
  let project: NativeProject;
  let importedRefId: string;
  const onboarding = (): StackLink => ({
    project,
    stack,
    emulator: emulator(),
    refIdOutput: "onboardingRefId",
    idTypesKey: "acme:onboardingIdTypes",
  });

  beforeAll(async () => {
    project = await installNativeProject(language);
    await project.initStack(stack, stackSettingsFor(emulator()));
  }, 300_000);
  afterAll(() => project?.remove());

  describe(`the native smileid provider from ${language}`, { timeout: CLI_TIMEOUT }, () => {
    it("previews both links without calling the API", async () => {
      const preview = JSON.parse(await project.pulumiOk(["preview", "--json", "--stack", stack]));
      expect(preview.changeSummary).toEqual({ create: 3 });
      expect(emulator().requests).toEqual([]);
    });

    it("creates both links on up, the single-use link's URL a secret output", async () => {
      const { onboardingRefId, vipRefId, onboardingUrl, vipUrl } = await upCreates(onboarding());
      expect(emulator().store.get(vipRefId!)?.user_id).toBe("customer-1042");
      expect(onboardingUrl).toContain(`/links/${onboardingRefId}`);
      expect(vipUrl).toContain(`/links/${vipRefId}`);
      const shown = JSON.parse(await project.pulumiOk(["stack", "output", "--json", "-s", stack]));
      expect(shown.vipUrl).toBe("[secret]");
      const vip = (await project.links(stack)).find((link) => link.id === vipRefId);
      expect(JSON.stringify(vip?.outputs?.url)).toContain("ciphertext");
    });

    it("updates a link in place when its ID types change", async () => {
      await setPassportIdTypes(onboarding());
      await upUpdatesInPlace(onboarding());
    });

    it("previews a replacement that names the input forcing it", async () => {
      await setNewName(onboarding(), "acme:onboardingName");
      await previewNamesReplacement(onboarding(), "onboarding");
    });

    it("replaces the link on up: the new one is made before the old one is disabled", () =>
      upReplaces(onboarding()));

    it("finds on refresh a link disabled in the portal", () => refreshFindsDisabled(onboarding()));

    it("re-enables that link on the next up", async () => {
      const { onboardingRefId } = await project.outputs(stack);
      await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
      expect(emulator().store.get(onboardingRefId!)?.disabled_at).toBeNull();
    });

    it("imports a link made in the portal and prints the code that declares it", async () => {
      ({ refId: importedRefId } = await clientFor(emulator()).create(
        linkInputs({ name: "Made in the portal", partnerParams: { team: "kyc" } }),
      ));
      emulator().clearRequests();
      const output = await project.pulumiOk(
        ["import", "smileid:index:SmileLink", "legacy", importedRefId, "--yes", "--protect=false"],
        { codegen: true },
      );
      // Reads only: the import's preview and the import each read the link.
      expect(new Set(requestLines(emulator()))).toEqual(
        new Set([`POST /smile_links/${importedRefId}`]),
      );
      expect((await project.links(stack)).map((link) => link.id)).toContain(importedRefId);
      const code = printedCode(output);
      expect(code).toContain(
        language === "typescript" ? 'new smileid.SmileLink("legacy"' : 'smileid.SmileLink("legacy"',
      );
      expect(code).toContain("Made in the portal");
      await project.addToProgram(code);
    });

    it("previews no change once the printed code is in the program", async () => {
      emulator().clearRequests();
      const preview = JSON.parse(await project.pulumiOk(["preview", "--json", "--stack", stack]));
      expect(preview.changeSummary).toEqual({ same: 4 });
      expect(emulator().requests).toEqual([]);
    });

    it("makes a link with an explicit provider's settings, not the stack's", async () => {
      for (const [key, value] of [
        ["acme:euApiUrl", other().url],
        ["acme:euPartnerId", OTHER_PARTNER_ID],
      ]) {
        await project.pulumiOk(["config", "set", key!, value!, "--stack", stack]);
      }
      await project.pulumiOk(["config", "set", "--secret", "acme:euApiKey", "--stack", stack], {
        input: OTHER_API_KEY,
      });
      await project.addToProgram(EXPLICIT_PROVIDER_CODE[language]);
      emulator().clearRequests();
      await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
      const { euRefId } = await project.outputs(stack);
      expect(other().store.get(euRefId!)?.name).toBe("EU onboarding");
      expect(emulator().requests).toEqual([]);
    });

    it("keeps the API key out of state and of the plugin's most verbose logs", async () => {
      const verbose = await project.pulumi([
        ...["refresh", "--yes", "--stack", stack],
        ...["-v=9", "--logtostderr", "--logflow"],
      ]);
      expect(verbose.code).toBe(0);
      // The logs are really there: the engine configures the plugin with the key.
      expect(verbose.output).toMatch(/\.Configure\(\) executing/);
      const exported = await project.pulumiOk(["stack", "export", "--stack", stack]);
      for (const key of [API_KEY, OTHER_API_KEY]) {
        expect(verbose.output).not.toContain(key);
        expect(exported).not.toContain(key);
      }
    });

    it("disables every link on destroy, with the settings each was made with", async () => {
      const refIds = (await project.links(stack)).map((link) => link.id!);
      const { euRefId } = await project.outputs(stack);
      expect(refIds).toHaveLength(4);
      expect(refIds).toContain(importedRefId);
      await project.pulumiOk(["destroy", "--yes", "--stack", stack]);
      for (const refId of refIds) {
        const store = refId === euRefId ? other().store : emulator().store;
        expect(store.get(refId)?.disabled_at).toEqual(expect.any(String));
      }
      expect(await project.links(stack)).toEqual([]);
    });

    it("never printed an API key", () => {
      expect(project.transcript()).not.toContain(API_KEY);
      expect(project.transcript()).not.toContain(OTHER_API_KEY);
    });
  });

  return { project: () => project, onboarding };
}
