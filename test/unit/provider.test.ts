import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SmileLinkInputs, SmileLinkOutputs } from "../../provider/link/types";
import { UNKNOWN } from "../../provider/link/engine-values";
import { API_KEY, clientFor, requestLines, useEmulator } from "../helpers/emulator";
import { withEnv } from "../helpers/env";
import { linkArgs, linkInputs } from "../helpers/links";
import {
  configureFor,
  configureStack,
  CREDENTIALS,
  smileLinkProvider as provider,
} from "../helpers/provider";

const emulator = useEmulator();

beforeEach(() => configureFor(emulator()));

async function created(overrides: Partial<SmileLinkInputs> = {}) {
  const result = await provider.create(linkInputs(overrides));
  emulator().clearRequests();
  return result;
}

describe("check", () => {
  it("fails when neither stack config nor the environment holds credentials", async () => {
    await configureStack({});
    await withEnv({ SMILE_ID_PARTNER_ID: undefined, SMILE_ID_API_KEY: undefined }, async () => {
      const result = await provider.check({} as SmileLinkInputs, linkArgs() as never);
      expect(result.failures).toEqual([
        {
          property: "",
          reason: expect.stringMatching(
            /^Smile ID credentials are missing: set smileid:partnerId .* or SMILE_ID_PARTNER_ID, and smileid:apiKey \(pulumi config set --secret smileid:apiKey \.\.\.\) or SMILE_ID_API_KEY\. pulumi up would fail the same way\.$/,
          ),
        },
      ]);
    });
  });

  it("takes the credentials from the environment when stack config has none", async () => {
    await configureStack({});
    await withEnv({ SMILE_ID_PARTNER_ID: "p", SMILE_ID_API_KEY: "k" }, async () => {
      const result = await provider.check({} as SmileLinkInputs, linkArgs() as never);
      expect(result.failures).toBeUndefined();
    });
  });

  it("returns normalized inputs without calling the API", async () => {
    const result = await provider.check({} as SmileLinkInputs, linkArgs() as never);
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toMatchObject({ isSingleUse: false, isDisabled: false });
    expect(emulator().requests).toEqual([]);
  });

  it("returns a nested property's failure with its path leading the reason, without calling the API", async () => {
    const news = linkArgs({ idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "x" }] });
    const result = await provider.check({} as SmileLinkInputs, news as never);
    expect(result.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^idTypes\[0\]\.verificationMethod: must be one of .*; got "x"$/,
        ),
      },
    ]);
    expect(emulator().requests).toEqual([]);
  });

  it("requires https in production, as stack config says", async () => {
    await configureStack({ ...CREDENTIALS, "smileid:environment": "production" });
    const news = linkArgs({ callbackUrl: "http://acme.example/cb" });
    const result = await provider.check({} as SmileLinkInputs, news as never);
    expect(result.failures).toEqual([
      {
        property: "callbackUrl",
        reason: 'must use https in production; got "http://acme.example/cb"',
      },
    ]);
  });

  it("relaxes the ID-type catalog when smileid:idTypeCatalog says warn", async () => {
    const news = linkArgs({
      idTypes: [{ country: "NG", idType: "NIN_V3", verificationMethod: "enhanced_kyc" }],
    });
    expect((await provider.check({} as SmileLinkInputs, news as never)).failures).toHaveLength(1);
    await configureStack({ ...CREDENTIALS, "smileid:idTypeCatalog": "warn" });
    expect((await provider.check({} as SmileLinkInputs, news as never)).failures).toBeUndefined();
  });

  it("returns the resource key under an internal name that no diff shows", async () => {
    const news = { ...linkArgs(), __resourceKey: "acme/dev/onboarding" } as never;
    const { inputs } = await provider.check({} as SmileLinkInputs, news);
    expect(inputs).toMatchObject({ __resourceKey: "acme/dev/onboarding" });
    expect(inputs).not.toHaveProperty("resourceKey");
  });

  it("keeps the resource key's name of a stack written by an earlier version", async () => {
    const olds = linkInputs({ resourceKey: "acme/dev/onboarding" });
    const news = { ...linkArgs(), __resourceKey: "acme/dev/onboarding" } as never;
    const { inputs } = await provider.check(olds, news);
    expect(inputs).toMatchObject({ resourceKey: "acme/dev/onboarding" });
    expect(inputs).not.toHaveProperty("__resourceKey");
  });

  it("leaves the resource key out of the outputs under either name", async () => {
    const inputs = { ...linkInputs(), __resourceKey: "acme/dev/a" } as SmileLinkInputs;
    const { outs } = await provider.create(inputs);
    expect(outs).not.toHaveProperty("__resourceKey");
    expect(outs).not.toHaveProperty("resourceKey");
  });

  it("keeps adoptRefId for a new link and drops it once the link exists", async () => {
    const news = linkArgs({ adoptRefId: "abc" }) as never;
    expect((await provider.check({} as SmileLinkInputs, news)).inputs).toHaveProperty(
      "adoptRefId",
      "abc",
    );
    const existing = linkInputs({ adoptRefId: "abc" });
    expect((await provider.check(existing, news)).inputs).not.toHaveProperty("adoptRefId");
  });

  it("fails a replacement whose expiresAt has passed, since it creates a link", async () => {
    const olds = linkInputs({ expiresAt: "2001-01-01T00:00:00.000Z" });
    const news = linkArgs({ name: "Renamed", expiresAt: "2001-01-01T00:00:00Z" }) as never;
    expect((await provider.check(olds, news)).failures).toEqual([
      { property: "expiresAt", reason: expect.stringMatching(/change to name replaces it/) },
    ]);
  });
});

/** Outputs of a link recorded at another API and partner than the provider's settings. */
const elsewhere = (outs: SmileLinkOutputs) => ({
  ...outs,
  apiUrl: "https://elsewhere.example/v1",
  partnerId: "partner-elsewhere",
});
const ELSEWHERE = /lives at https:\/\/elsewhere\.example\/v1 as partner partner-elsewhere/;

describe("a link recorded at another API or partner", () => {
  it("fails the diff, calling nothing", async () => {
    const { id, outs } = await created();
    await expect(provider.diff(id, elsewhere(outs!), linkInputs())).rejects.toThrow(ELSEWHERE);
    expect(emulator().requests).toEqual([]);
  });

  it("fails the read instead of reporting the link gone, calling nothing", async () => {
    const { id, outs } = await created();
    await expect(provider.read!(id, elsewhere(outs!))).rejects.toThrow(ELSEWHERE);
    expect(emulator().requests).toEqual([]);
  });

  it("fails the update, calling nothing", async () => {
    const { id, outs } = await created();
    const news = linkInputs({ isDisabled: true });
    await expect(provider.update!(id, elsewhere(outs!), news)).rejects.toThrow(ELSEWHERE);
    expect(emulator().requests).toEqual([]);
  });

  it("fails the delete instead of counting the link deleted, calling nothing", async () => {
    const { id, outs } = await created();
    await expect(provider.delete!(id, elsewhere(outs!))).rejects.toThrow(ELSEWHERE);
    expect(emulator().requests).toEqual([]);
  });

  it("is not checked when the state does not record where the link lives", async () => {
    const { id, outs } = await created();
    const { apiUrl: _url, partnerId: _partner, ...unplaced } = outs!;
    await expect(provider.read!(id, unplaced as SmileLinkOutputs)).resolves.toHaveProperty(
      "id",
      id,
    );
  });
});

describe("diff", () => {
  it("names the input that forces a replacement, and never deletes first", async () => {
    const { outs } = await created();
    const result = await provider.diff(outs!.refId, outs!, linkInputs({ name: "Renamed" }));
    expect(result).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
    expect(emulator().requests).toEqual([]);
  });
});

describe("create", () => {
  it("makes a link with one POST and fills its outputs from the answer", async () => {
    emulator().clearRequests();
    const { id, outs } = await provider.create(linkInputs());
    expect(requestLines(emulator())).toEqual(["POST /smile_links"]);
    expect(outs).toMatchObject({
      refId: id,
      url: expect.stringContaining(id),
      createdAt: null,
      updatedAt: null,
      disabledAt: null,
      totalJobs: 0,
      successfulJobs: 0,
      failedJobs: 0,
      apiUrl: emulator().url,
      partnerId: "partner-042",
      name: "Customer onboarding",
    });
  });

  it("leaves resourceKey, which only a create reads, out of the outputs", async () => {
    const { outs } = await provider.create(linkInputs({ resourceKey: "project/stack/name" }));
    expect(outs).not.toHaveProperty("resourceKey");
  });

  it("makes a disabled link when the program says so, with one PUT after the POST", async () => {
    emulator().clearRequests();
    const { id, outs } = await provider.create(linkInputs({ isDisabled: true }));
    expect(requestLines(emulator())).toEqual(["POST /smile_links", `PUT /smile_links/${id}`]);
    expect(emulator().store.get(id)?.disabled_at).toEqual(expect.any(String));
    expect(outs).toMatchObject({ isDisabled: true, disabledAt: expect.any(String) });
  });

  it("reports a link it made but could not disable, with its id and provider", async () => {
    emulator().faults.set({ failNext: [{ status: 400, count: 1, after: 1 }] });
    const inputs = {
      ...linkInputs({ isDisabled: true }),
      __provider: "serialized-provider",
    } as SmileLinkInputs;
    const error = (await provider.create(inputs).catch((e: unknown) => e)) as {
      id: string;
      properties: Record<string, unknown>;
      message: string;
    };
    expect(emulator().store.get(error.id)).toBeDefined();
    expect(error.message).toMatch(/^link \w+ was created, but updating it failed: /);
    expect(error.properties).toMatchObject({ refId: error.id, __provider: "serialized-provider" });
  });

  it("refuses inputs holding the preview's placeholder for unknown values, calling nothing", async () => {
    const inputs = { ...linkInputs(), idTypes: UNKNOWN } as unknown as SmileLinkInputs;
    await expect(provider.create(inputs)).rejects.toThrow("idTypes: not known at create");
    expect(emulator().requests).toEqual([]);
  });

  it("fails with a config error naming the keys when credentials are missing, calling nothing", async () => {
    await configureStack({ "smileid:apiUrl": emulator().url });
    await withEnv({ SMILE_ID_PARTNER_ID: undefined, SMILE_ID_API_KEY: undefined }, async () => {
      await expect(provider.create(linkInputs())).rejects.toThrow(
        /smileid:partnerId .*SMILE_ID_PARTNER_ID.*smileid:apiKey .*SMILE_ID_API_KEY/,
      );
    });
    expect(emulator().requests).toEqual([]);
  });

  it("reads credentials from environment variables when stack config has none", async () => {
    await configureStack({});
    const env = {
      SMILE_ID_API_URL: emulator().url,
      SMILE_ID_PARTNER_ID: "partner-042",
      SMILE_ID_API_KEY: API_KEY,
    };
    const { id } = await withEnv(env, () => provider.create(linkInputs()));
    expect(id).toEqual(expect.any(String));
  });

  it("prefers stack config over environment variables", async () => {
    await configureFor(emulator());
    const env = { SMILE_ID_API_KEY: "wrong-key", SMILE_ID_PARTNER_ID: "wrong" };
    const { id } = await withEnv(env, () => provider.create(linkInputs()));
    expect(id).toEqual(expect.any(String));
  });
});

describe("read", () => {
  it("fills in the creation and update times on refresh", async () => {
    const { id, outs } = await created();
    const { props } = await provider.read!(id, outs);
    expect(props).toMatchObject({ createdAt: expect.any(String), updatedAt: expect.any(String) });
  });

  it("refreshes the job counters with one request", async () => {
    const { id, outs } = await created();
    emulator().store.recordJobs(id, { successful: 3, failed: 1 });
    const result = await provider.read!(id, outs);
    expect(requestLines(emulator())).toEqual([`POST /smile_links/${id}`]);
    expect(result.props).toMatchObject({ totalJobs: 4, successfulJobs: 3, failedJobs: 1 });
  });

  it("shows a link disabled in the portal as isDisabled, in outputs and inputs", async () => {
    const { id, outs } = await created();
    await clientFor(emulator()).update(id, { isDisabled: true });
    const result = await provider.read!(id, outs);
    expect(result.props).toMatchObject({ isDisabled: true, disabledAt: expect.any(String) });
    expect(result.inputs).toMatchObject({ isDisabled: true });
  });

  it("picks up ID types changed in the portal", async () => {
    const { id, outs } = await created();
    const idTypes = [
      { country: "ZA", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" as const },
    ];
    await clientFor(emulator()).update(id, { idTypes });
    expect((await provider.read!(id, outs)).inputs).toMatchObject({ idTypes });
  });

  it("keeps a single-use link's user id when the answer leaves it out", async () => {
    const { id, outs } = await created({ isSingleUse: true, userId: "user-7" });
    await clientFor(emulator()).update(id, { isDisabled: true });
    emulator().faults.set({ omitFields: ["user_id", "expires_at", "redirect_url"] });
    const { inputs } = await provider.read!(id, outs);
    expect(inputs).toEqual(linkInputs({ isSingleUse: true, userId: "user-7", isDisabled: true }));
  });

  it("refreshes the inputs with inputs only, never outputs", async () => {
    const { id, outs } = await created();
    await clientFor(emulator()).update(id, { isDisabled: true });
    const { inputs } = await provider.read!(id, outs);
    expect(Object.keys(inputs!)).not.toContain("refId");
    expect(Object.keys(inputs!)).not.toContain("totalJobs");
    expect(inputs).toEqual(linkInputs({ isDisabled: true }));
  });

  it("returns no inputs when the link has not drifted, so the engine keeps the stored ones", async () => {
    const { id, outs } = await created({ expiresAt: "2030-12-31T23:59:59.000Z" });
    const result = await provider.read!(id, outs);
    expect(result.props).toMatchObject({ refId: id, createdAt: expect.any(String) });
    expect(result).not.toHaveProperty("inputs");
  });

  it("reports a link the API does not know as gone", async () => {
    const { outs } = await created();
    expect(await provider.read!("unknown-ref", outs)).toEqual({});
  });
});

describe("update", () => {
  it("replaces the ID types with one PUT", async () => {
    const { id, outs } = await created();
    const idTypes = [
      { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" as const },
    ];
    const result = await provider.update!(id, outs!, linkInputs({ idTypes }));
    expect(requestLines(emulator())).toEqual([`PUT /smile_links/${id}`]);
    expect(result.outs).toMatchObject({ idTypes, refId: id, url: outs!.url });
    expect(emulator().store.get(id)?.id_types).toEqual([
      { country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" },
    ]);
  });

  it("re-enables a link that was disabled", async () => {
    const { id, outs } = await created({ isDisabled: true });
    const result = await provider.update!(id, outs!, linkInputs({ isDisabled: false }));
    expect(result.outs).toMatchObject({ isDisabled: false, disabledAt: null });
  });
});

describe("delete", () => {
  it("disables the link with one PUT", async () => {
    const { id, outs } = await created();
    await provider.delete!(id, outs!);
    expect(requestLines(emulator())).toEqual([`PUT /smile_links/${id}`]);
    expect(emulator().store.get(id)?.disabled_at).toEqual(expect.any(String));
  });

  it("counts an unknown link as deleted", async () => {
    const { outs } = await created();
    await expect(provider.delete!("unknown-ref", outs!)).resolves.toBeUndefined();
  });

  it("counts a link as deleted when the API refuses to disable it twice", async () => {
    const { id, outs } = await created({ isDisabled: true });
    emulator().faults.set({ failNext: [{ status: 409, count: 1 }] });
    await expect(provider.delete!(id, outs!)).resolves.toBeUndefined();
    expect(requestLines(emulator())).toEqual([`PUT /smile_links/${id}`, `POST /smile_links/${id}`]);
  });

  it("fails the delete when the API refuses to disable an enabled link", async () => {
    const { id, outs } = await created();
    emulator().faults.set({ failNext: [{ status: 400, count: 1 }] });
    await expect(provider.delete!(id, outs!)).rejects.toThrow(/HTTP 400/);
    expect(emulator().store.get(id)?.disabled_at).toBeNull();
  });

  it("counts an already disabled link as deleted", async () => {
    const { id, outs } = await created({ isDisabled: true });
    await expect(provider.delete!(id, outs!)).resolves.toBeUndefined();
  });
});

describe("adoption with adoptRefId", () => {
  async function existingLink(overrides: Partial<SmileLinkInputs> = {}) {
    const { refId } = await clientFor(emulator()).create(linkInputs(overrides));
    emulator().clearRequests();
    return refId;
  }

  it("says at check that the create takes over the link and makes no new one", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await provider.check({} as SmileLinkInputs, linkArgs({ adoptRefId: "9b1c2d3e" }) as never);
      expect(warn.mock.calls.flat().join("\n")).toMatch(
        /adoptRefId: this create takes over the existing link 9b1c2d3e; no new link will be made/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it("says nothing of adoption at check once the link exists", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const existing = linkInputs({ adoptRefId: "9b1c2d3e" });
      await provider.check(existing, linkArgs({ adoptRefId: "9b1c2d3e" }) as never);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("says after the create which link it took over", async () => {
    const refId = await existingLink();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await provider.create(linkInputs({ adoptRefId: refId }));
      expect(warn.mock.calls.flat().join("\n")).toContain(
        `adoptRefId: took over the existing link ${refId}; no new link was made`,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it("takes over the existing link instead of making one", async () => {
    const refId = await existingLink();
    const before = emulator().store.list().length;
    const { id, outs } = await provider.create(linkInputs({ adoptRefId: refId }));
    expect(id).toBe(refId);
    expect(outs).toMatchObject({ refId, url: expect.stringContaining(refId) });
    expect(emulator().store.list().length).toBe(before);
    expect(requestLines(emulator())).toEqual([`POST /smile_links/${refId}`]);
  });

  it("brings idTypes and isDisabled in line with the program", async () => {
    const refId = await existingLink({ isDisabled: false });
    const idTypes = [
      { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" as const },
    ];
    await provider.create(linkInputs({ adoptRefId: refId, idTypes, isDisabled: true }));
    expect(emulator().store.get(refId)).toMatchObject({
      id_types: [{ country: "GH", id_type: "PASSPORT", verification_method: "doc_verification" }],
      disabled_at: expect.any(String),
    });
  });

  it("fails naming each other input that differs from the live link, changing nothing", async () => {
    const refId = await existingLink();
    const program = linkInputs({
      adoptRefId: refId,
      name: "Other",
      callbackUrl: "https://x.example/cb",
    });
    await expect(provider.create(program)).rejects.toThrow(
      /adoptRefId .*differ.*name: program "Other", live "Customer onboarding"; callbackUrl: program/,
    );
    expect(requestLines(emulator())).toEqual([`POST /smile_links/${refId}`]);
  });

  it("fails clearly when the link to adopt does not exist", async () => {
    await expect(provider.create(linkInputs({ adoptRefId: "missing-ref" }))).rejects.toThrow(
      'adoptRefId: no link with ref_id "missing-ref" exists',
    );
  });

  it("makes a new link when an adopted link is later replaced", async () => {
    const refId = await existingLink();
    const { outs } = await provider.create(linkInputs({ adoptRefId: refId }));
    const news = linkArgs({ adoptRefId: refId, name: "Renamed" });
    const checked = await provider.check(outs as SmileLinkInputs, news as never);
    expect((await provider.diff(refId, outs!, checked.inputs!)).replaces).toEqual(["name"]);
    const replacement = await provider.create(checked.inputs!);
    expect(replacement.id).not.toBe(refId);
  });
});

describe("secrets", () => {
  it("keeps the API key out of every output", async () => {
    const { outs } = await created();
    const read = await provider.read!(outs!.refId, outs);
    expect(JSON.stringify([outs, read])).not.toContain(API_KEY);
  });

  it("keeps the API key out of errors", async () => {
    emulator().faults.set({ failNext: [{ status: 500, count: 10 }] });
    const error = await provider.read!("abc", {} as SmileLinkOutputs).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/HTTP 500/);
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(API_KEY);
  });
});
