import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, clientFor, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { smileLinksBinary } from "../helpers/cli";
import { engineStack, type EngineStack } from "../helpers/engine";
import { linkInputs } from "../helpers/links";

/** A links file deployed as the root project deploys it, with the real engine. */
const emulator = useEmulator({ pageSize: 2 });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "smile-links-file-engine-"));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a round trip: export, then deploy the exported file", () => {
  let engine: EngineStack;
  let exported: string;
  beforeAll(async () => {
    const client = clientFor(emulator());
    for (const name of ["Onboarding", "Partner KYC", "Re-verification"]) {
      await client.create(linkInputs({ name, partnerParams: { team: name } }));
    }
    const old = await client.create(linkInputs({ name: "Retired" }));
    await client.update(old.refId, { isDisabled: true });
    exported = path.join(dir, "exported.yaml");
    const env = {
      ...process.env,
      SMILE_ID_API_URL: emulator().url,
      SMILE_ID_PARTNER_ID: PARTNER_ID,
      SMILE_ID_API_KEY: API_KEY,
    };
    expect((await smileLinksBinary(["export", "--out", exported], env)).code).toBe(0);
    engine = await engineStack(emulator(), {});
    engine.linksFile = exported;
    emulator().clearRequests();
  });
  afterAll(() => engine?.remove());

  it("adopts every exported link on up without changing or creating any", async () => {
    const before = emulator().store.list();
    const result = await engine.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 4 });
    expect(emulator().store.list()).toEqual(before);
    const writes = emulator().requests.filter(
      (r) => r.method === "PUT" || r.path === "/v1/smile_links",
    );
    expect(writes).toEqual([]);
  });

  it("previews no change afterwards", async () => {
    expect((await engine.stack.preview()).changeSummary).toEqual({ same: 4 });
  });
});

describe("an invalid links file", () => {
  let engine: EngineStack;
  beforeAll(async () => {
    const file = path.join(dir, "invalid.yaml");
    await writeFile(
      file,
      `defaults:
  companyName: Acme
  callbackUrl: https://acme.example/cb
  dataPrivacyPolicyUrl: https://acme.example/privacy
links:
  a:
    name: A
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: selfie }
`,
    );
    engine = await engineStack(emulator(), {});
    engine.linksFile = file;
  });
  afterAll(() => engine?.remove());

  it("fails the preview with the loader's messages, calling no API", async () => {
    const failure = await engine.stack.preview().then(
      () => "preview succeeded",
      (error: Error) => error.message,
    );
    expect(failure).toMatch(
      /invalid\.yaml has 1 problem\(s\):\s+.*invalid\.yaml:9:57: links\.a\.idTypes\[0\]\.verificationMethod: must be one of/,
    );
    expect(emulator().requests).toEqual([]);
  });
});
