import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smileLinks } from "../helpers/cli";

/** `smile-links validate` judges each link as the preview of a new stack does. */
const LINK = `    companyName: Acme
    callbackUrl: https://acme.example/cb
    dataPrivacyPolicyUrl: https://acme.example/privacy
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "smile-links-validate-"));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;

/** Validates `text` as a file of its own; the output names it links.yaml. */
async function validate(text: string, args: string[] = []) {
  const file = path.join(dir, `links-${++files}.yaml`);
  await writeFile(file, text);
  const result = await smileLinks(["validate", file, ...args]);
  return { ...result, stdout: result.stdout.split(file).join("links.yaml") };
}

describe("smile-links validate, each link as a create", () => {
  it("fails a single-use link whose expiresAt has passed, as the preview does", async () => {
    const result = await validate(`links:
  vip:
    name: VIP
    isSingleUse: true
    userId: customer-1
    expiresAt: 2020-01-01T00:00:00Z
${LINK}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      "links.yaml:6:16: links.vip.expiresAt: must be in the future when the link is created; " +
        "got 2020-01-01T00:00:00.000Z\n",
    );
  });

  it("accepts a passed expiresAt on a link that adopts an existing one, which creates nothing", async () => {
    const result = await validate(`links:
  legacy:
    adoptRefId: 9b1c2d3e
    name: Legacy
    expiresAt: 2020-01-01T00:00:00Z
${LINK}`);
    expect(result.code).toBe(0);
  });
});

describe("smile-links validate, keys", () => {
  it("names a repeated key with both places and still reports the file's other problems", async () => {
    const result = await validate(`links:
  a:
    name: A
    name: B
    isSingleUse: true
    userId: customer-1
    expiresAt: 2020-01-01T00:00:00Z
${LINK}`);
    expect(result.stdout.split("\n")).toEqual([
      'links.yaml:4:5: links.a: the key "name" is given twice, at 3:5 and 4:5; a key may appear once in a map',
      "links.yaml:7:16: links.a.expiresAt: must be in the future when the link is created; got 2020-01-01T00:00:00.000Z",
      "",
    ]);
    expect(result.stderr).toBe("2 problem(s) in 1 file(s)\n");
  });

  it("reports a misspelled key under defaults once, at the defaults, with the suggestion", async () => {
    const result = await validate(`defaults:
  compnayName: Acme
  callbackUrl: https://acme.example/cb
  dataPrivacyPolicyUrl: https://acme.example/privacy
links:
  a:
    name: A
    idTypes: [{ country: NG, idType: BVN, verificationMethod: enhanced_kyc }]
  b:
    name: B
    idTypes: [{ country: NG, idType: BVN, verificationMethod: enhanced_kyc }]
`);
    expect(result.stdout).toBe(
      'links.yaml:2:16: defaults.compnayName: "compnayName" is not a known key; did you mean "companyName"?\n',
    );
  });
});

describe("smile-links validate --help", () => {
  it.each([
    ["--environment", ['"sandbox"', '"production"']],
    ["--catalog", ['"strict"', '"warn"', '"off"']],
  ])("lists the choices of %s", async (option, choices) => {
    const { stdout } = await smileLinks(["validate", "--help"]);
    const entry = stdout.slice(stdout.indexOf(`  ${option} `)).split(/\n {2}-/)[0]!;
    expect(entry.replace(/\s+/g, " ")).toContain(`(choices: ${choices.join(", ")}`);
  });
});
