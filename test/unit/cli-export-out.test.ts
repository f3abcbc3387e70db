import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { smileLinks, smileLinksBinary } from "../helpers/cli";
import { API_KEY, clientFor, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";

/** `export --out` never replaces a file unless asked, and never leaves one half-written. */
const emulator = useEmulator();
const REVIEWED = "# reviewed by the team\nlinks: {}\n";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "smile-links-export-out-"));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const env = () => ({
  ...process.env,
  SMILE_ID_API_URL: emulator().url,
  SMILE_ID_PARTNER_ID: PARTNER_ID,
  SMILE_ID_API_KEY: API_KEY,
});

/** A directory of its own holding a reviewed links.yaml. */
async function reviewedFile(): Promise<{ folder: string; file: string }> {
  const folder = await mkdtemp(path.join(dir, "case-"));
  const file = path.join(folder, "links.yaml");
  await writeFile(file, REVIEWED);
  return { folder, file };
}

describe("smile-links export --force", () => {
  it("exits 2 without --out, naming what it needs, and asks the API nothing", async () => {
    emulator().clearRequests();
    const result = await smileLinks(["export", "--force"], env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "error: --force replaces the --out file; give --out FILE with it",
    );
    expect(emulator().requests).toEqual([]);
  });
});

describe("smile-links export --out FILE, FILE existing", () => {
  beforeAll(async () => {
    await clientFor(emulator()).create(linkInputs({ name: "Onboarding" }));
  });

  it("exits 2 naming the file and --force, leaves it as it was, and asks the API nothing", async () => {
    const { folder, file } = await reviewedFile();
    emulator().clearRequests();
    const result = await smileLinksBinary(["export", "--out", "links.yaml"], env(), {
      cwd: folder,
    });
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "smile-links: links.yaml exists, and export does not replace a file unless asked: " +
        "give --force to replace it, or another --out.\n",
    });
    expect(await readFile(file, "utf8")).toBe(REVIEWED);
    expect(emulator().requests).toEqual([]);
  });

  it("replaces it with --force, keeping its mode and leaving no temporary file", async () => {
    const { folder, file } = await reviewedFile();
    await chmod(file, 0o640);
    const result = await smileLinks(["export", "--out", "links.yaml", "--force"], env(), {
      cwd: folder,
    });
    expect(result.code).toBe(0);
    expect(Object.keys(parse(await readFile(file, "utf8")).links).length).toBeGreaterThan(0);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(folder)).toEqual(["links.yaml"]);
  });

  it("exits 2 for an --out that is a directory", async () => {
    const result = await smileLinks(["export", "--out", dir], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`smile-links: --out ${dir}: is a directory; give a file.\n`);
  });

  it("exits 2 for an --out in a folder that does not exist, and asks the API nothing", async () => {
    emulator().clearRequests();
    const out = path.join(dir, "no-such-folder", "links.yaml");
    const result = await smileLinks(["export", "--out", out], env());
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr:
        `smile-links: --out ${out}: the folder ${path.dirname(out)} does not exist; create it ` +
        "or give another --out.\n",
    });
    expect(emulator().requests).toEqual([]);
  });
});

describe("smile-links export of an account with no links", () => {
  const empty = useEmulator();
  const emptyEnv = () => ({ ...env(), SMILE_ID_API_URL: empty().url });

  it("says so, naming the API URL and the partner id, and the settings to check", async () => {
    const result = await smileLinks(["export"], emptyEnv());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `exported 0 links: ${empty().url} (partner ${PARTNER_ID}) has no links. If you ` +
        "expected some, check SMILE_ID_ENVIRONMENT, SMILE_ID_API_URL and SMILE_ID_PARTNER_ID.\n",
    );
    expect(parse(result.stdout).links).toEqual({});
  });

  it("names the disabled links it left out", async () => {
    const client = clientFor(empty());
    const { refId } = await client.create(linkInputs({ name: "Retired" }));
    await client.update(refId, { isDisabled: true });
    const result = await smileLinks(["export"], emptyEnv());
    expect(result.stderr).toContain(
      `exported 0 links: ${empty().url} (partner ${PARTNER_ID}) has no enabled links; ` +
        "1 disabled left out (--include-disabled keeps them).",
    );
  });

  it("still leaves an existing file alone without --force", async () => {
    const { file } = await reviewedFile();
    const result = await smileLinks(["export", "--out", file], emptyEnv());
    expect(result.code).toBe(2);
    expect(await readFile(file, "utf8")).toBe(REVIEWED);
  });
});
