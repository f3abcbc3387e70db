import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smileLinks, smileLinksBinary } from "../helpers/cli";
import { gitEnvironment } from "../helpers/env";

/** `smile-links diff`: its three outputs, its exit codes, and `--base` on a real git repository. */

const DEFAULTS = `defaults:
  companyName: Acme
  callbackUrl: https://acme.example/cb
  dataPrivacyPolicyUrl: https://acme.example/privacy
links:
`;
const entry = (key: string, name: string, idTypes: string, extra = "") =>
  `  ${key}:\n    name: ${name}\n${extra}    idTypes:\n${idTypes}`;
const NG_BVN = "      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }\n";
const KE_ID = "      - { country: KE, idType: NATIONAL_ID, verificationMethod: biometric_kyc }\n";

const BASE =
  DEFAULTS +
  entry("onboarding", "Customer onboarding", NG_BVN) +
  entry("partner", "Partner KYC", NG_BVN) +
  entry("retired", "Retired", NG_BVN) +
  entry("steady", "Steady", NG_BVN);

const HEAD =
  DEFAULTS +
  entry("onboarding", "Customer onboarding", NG_BVN + KE_ID) +
  entry("partner", "Partner KYC v2", NG_BVN) +
  entry("fresh", "Fresh", NG_BVN) +
  entry("legacy", "Legacy", NG_BVN, "    adoptRefId: 9b1c2d3e\n") +
  entry("steady", "Steady", NG_BVN);

const INVALID = DEFAULTS + entry("broken", '""', NG_BVN.replace("enhanced_kyc", "selfie"));

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "smile-links-diff-"));
  await writeFile(file("base.yaml"), BASE);
  await writeFile(file("head.yaml"), HEAD);
  await writeFile(file("invalid.yaml"), INVALID);
  await writeFile(file("binary.yaml"), Buffer.from([0x6c, 0x00, 0x01]));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const diff = (...args: string[]) => smileLinks(["diff", ...args], process.env, { cwd: dir });

describe("smile-links diff: what it prints", () => {
  it("prints a table for a terminal: each changed field with its old and new value, then counts", async () => {
    const result = await diff("base.yaml", "head.yaml");
    expect(result).toMatchObject({ code: 1, stderr: "" });
    expect(result.stdout.split("\n")).toEqual([
      "base.yaml -> head.yaml",
      "LINK        ACTION    FIELD            OLD            NEW",
      "onboarding  updated   idTypes          removed: none  added: KE NATIONAL_ID biometric_kyc",
      "partner     replaced  name (replaces)  Partner KYC    Partner KYC v2",
      "fresh       created   name             -              Fresh",
      "legacy      adopted   adoptRefId       -              9b1c2d3e",
      "retired     disabled  name             Retired        -",
      "1 created, 1 adopted, 1 updated, 1 replaced, 1 disabled, 1 unchanged.",
      "",
    ]);
  });

  it("prints Markdown for a pull request comment with --markdown", async () => {
    const result = await diff("base.yaml", "head.yaml", "--markdown");
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 7)).toEqual([
      "### Smile Links diff: 5 link(s) change",
      "",
      "`base.yaml` → `head.yaml`: 1 created, 1 adopted, 1 updated, 1 replaced, 1 disabled, 1 unchanged.",
      "",
      "| link | action | field | old | new |",
      "| --- | --- | --- | --- | --- |",
      "| `onboarding` | updated | `idTypes` | removed: none | added: KE NATIONAL_ID biometric_kyc |",
    ]);
    expect(lines).toContain(
      "| `partner` | replaced | `name` (replaces) | Partner KYC | Partner KYC v2 |",
    );
    expect(result.stdout).toContain("delete means disable");
  });

  it("shows a changed verification method as one ID type removed and one added", async () => {
    await writeFile(file("method.yaml"), BASE.replace("enhanced_kyc", "biometric_kyc"));
    const result = await diff("base.yaml", "method.yaml");
    expect(result.stdout).toContain(
      "onboarding  updated  idTypes  removed: NG BVN enhanced_kyc  added: NG BVN biometric_kyc",
    );
  });

  it("keeps a name that holds Markdown inside its table cell", async () => {
    const head = BASE.replace("name: Retired", 'name: "a | <b> `c`"');
    await writeFile(file("markdown.yaml"), head);
    const result = await diff("base.yaml", "markdown.yaml", "--markdown");
    expect(result.stdout).toContain("| Retired | a \\| &lt;b> `c` |");
  });

  it("keeps a link key that holds a pipe inside its code cell", async () => {
    await writeFile(file("pipe-key.yaml"), BASE + entry('"a|b"', "Piped", NG_BVN));
    const result = await diff("base.yaml", "pipe-key.yaml", "--markdown");
    expect(result.stdout).toContain("| `a\\|b` | created |");
  });

  it("prints one JSON object with --json: every link, its action and pulumi preview's op", async () => {
    const result = await diff("base.yaml", "head.yaml", "--json");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ valid: true, changes: true, warnings: [] });
    expect(report.files).toHaveLength(1);
    const [only] = report.files;
    expect(only).toMatchObject({ base: "base.yaml", head: "head.yaml", baseExists: true });
    expect(
      only.links.map((link: { name: string; action: string; op: string }) => [
        link.name,
        link.action,
        link.op,
      ]),
    ).toEqual([
      ["onboarding", "updated", "update"],
      ["partner", "replaced", "replace"],
      ["fresh", "created", "create"],
      ["legacy", "adopted", "create"],
      ["steady", "unchanged", "same"],
      ["retired", "disabled", "delete"],
    ]);
    expect(only.links[1]).toEqual({
      name: "partner",
      action: "replaced",
      op: "replace",
      changes: [{ field: "name", change: "replace", old: "Partner KYC", new: "Partner KYC v2" }],
      replacedBy: ["name"],
    });
    expect(only.links[3]).toMatchObject({ adoptRefId: "9b1c2d3e", inputs: { name: "Legacy" } });
  });

  it("writes null for a value a file does not set", async () => {
    await writeFile(
      file("logo.yaml"),
      BASE.replace("name: Steady\n", "name: Steady\n    logoUrl: https://acme.example/l.png\n"),
    );
    const report = JSON.parse((await diff("base.yaml", "logo.yaml", "--json")).stdout);
    expect(report.files[0].links.at(-1).changes).toEqual([
      { field: "logoUrl", change: "replace", old: null, new: "https://acme.example/l.png" },
    ]);
  });

  it("says there are no changes when the files mean the same links", async () => {
    const reordered =
      DEFAULTS +
      entry("steady", "Steady", NG_BVN) +
      entry("retired", "Retired", NG_BVN) +
      entry("partner", "  Partner KYC", NG_BVN) +
      entry("onboarding", "Customer onboarding", NG_BVN, "    isSingleUse: false\n");
    await writeFile(file("reordered.yaml"), reordered);
    const result = await diff("base.yaml", "reordered.yaml");
    expect(result).toEqual({
      code: 0,
      stdout: "base.yaml -> reordered.yaml\n4 unchanged.\n",
      stderr: "",
    });
  });
});

describe("smile-links diff: invalid links files", () => {
  it.each([
    ["head", ["base.yaml", "invalid.yaml"]],
    ["base", ["invalid.yaml", "head.yaml"]],
  ])(
    "prints the %s file's problems as validate does, and no diff, and exits 2",
    async (_side, files) => {
      const result = await diff(...files);
      expect(result.code).toBe(2);
      expect(result.stdout.split("\n")).toEqual([
        "invalid.yaml:7:11: links.broken.name: must not be empty",
        expect.stringMatching(
          /^invalid\.yaml:9:57: links\.broken\.idTypes\[0\]\.verificationMethod: must be one of/,
        ),
        "2 problem(s): no diff until the links files are valid",
        "",
      ]);
      expect(result.stdout).not.toContain("->");
    },
  );

  it("lists the problems in Markdown with --markdown, for the pull request comment", async () => {
    const result = await diff("base.yaml", "invalid.yaml", "--markdown");
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("### Smile Links diff: the links files have problems");
    expect(result.stdout).toContain("- `invalid.yaml:7:11`: links.broken.name: must not be empty");
  });

  it("prints them as one JSON object with --json", async () => {
    const result = await diff("base.yaml", "invalid.yaml", "--json");
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ valid: false, warnings: [] });
    expect(report.problems[0]).toEqual({
      file: "invalid.yaml",
      line: 7,
      column: 11,
      message: "links.broken.name: must not be empty",
    });
    expect(report).not.toHaveProperty("files");
  });

  it("reports a file that is no links file at all", async () => {
    const result = await diff("base.yaml", "binary.yaml");
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("binary.yaml: is a binary file, not YAML text");
  });

  it("diffs files with ID types the catalog does not list under --catalog warn, warning of each", async () => {
    const unlisted = HEAD.replace("idType: NATIONAL_ID", "idType: NEW_CARD");
    await writeFile(file("unlisted.yaml"), unlisted);
    expect((await diff("base.yaml", "unlisted.yaml")).code).toBe(2);
    const result = await diff("base.yaml", "unlisted.yaml", "--catalog", "warn");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^warning: unlisted\.yaml:\d+:\d+: links\.onboarding\.idTypes\[1\]/,
    );
    const report = JSON.parse(
      (await diff("base.yaml", "unlisted.yaml", "--catalog", "warn", "--json")).stdout,
    );
    expect(report.warnings).toHaveLength(1);
  });

  it("applies production's rules with --environment production", async () => {
    const plain = BASE.replaceAll("https://acme.example", "http://acme.example");
    await writeFile(file("http.yaml"), plain);
    expect((await diff("http.yaml", "http.yaml")).code).toBe(0);
    const result = await diff("http.yaml", "http.yaml", "--environment", "production");
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("must use https in production");
  });
});

describe("smile-links diff: usage errors exit 2 with one line", () => {
  it.each([
    { what: "one file", args: ["base.yaml"], message: /diff takes BASE_FILE HEAD_FILE/ },
    {
      what: "three files",
      args: ["base.yaml", "head.yaml", "head.yaml"],
      message: /got 3 file\(s\)/,
    },
    {
      what: "a missing file",
      args: ["base.yaml", "nope.yaml"],
      message: /nope\.yaml: cannot read it \(ENOENT/,
    },
    { what: "a directory", args: [".", "head.yaml"], message: /\.: is a directory/ },
    {
      what: "both --json and --markdown",
      args: ["base.yaml", "head.yaml", "--json", "--markdown"],
      message: /cannot be used with/,
    },
  ])("for $what", async ({ args, message }) => {
    const result = await diff(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });
});

describe("smile-links diff as its own process", () => {
  it("exits 1 for changes, with the JSON object alone on standard output", async () => {
    const result = await smileLinksBinary(
      ["diff", "base.yaml", "head.yaml", "--json"],
      process.env,
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).changes).toBe(true);
  });

  it.each([
    { what: "exits 0 when no link changes", args: ["base.yaml", "base.yaml"], code: 0 },
    { what: "exits 2 for a usage error", args: ["base.yaml"], code: 2 },
  ])("$what", async ({ args, code }) => {
    expect((await smileLinksBinary(["diff", ...args], process.env, { cwd: dir })).code).toBe(code);
  });
});

describe("smile-links diff --base: the links files of a git ref", () => {
  let repo: string;
  const git = (...args: string[]) =>
    promisify(execFile)(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args],
      { cwd: repo, env: gitEnvironment() },
    );
  const inRepo = (...args: string[]) =>
    smileLinks(["diff", ...args], gitEnvironment(), { cwd: path.join(repo, "stacks") });

  beforeAll(async () => {
    repo = await mkdtemp(path.join(tmpdir(), "smile-links-diff-repo-"));
    await mkdir(path.join(repo, "stacks"));
    await git("init", "--quiet");
    await writeFile(path.join(repo, "stacks", "links.yaml"), BASE);
    await git("add", ".");
    await git("commit", "--quiet", "-m", "base");
    await git("tag", "base");
    await writeFile(path.join(repo, "stacks", "links.yaml"), HEAD);
    await writeFile(path.join(repo, "stacks", "new.yaml"), HEAD);
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it("compares a file with the same path at the ref, from a subdirectory of the repository", async () => {
    const result = await inRepo("--base", "base", "links.yaml");
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe("base:stacks/links.yaml -> links.yaml");
    expect(result.stdout).toContain(
      "1 created, 1 adopted, 1 updated, 1 replaced, 1 disabled, 1 unchanged.",
    );
  });

  it("compares links.yaml when no file is given", async () => {
    const result = await inRepo("--base", "base");
    expect(result.stdout.split("\n")[0]).toBe("base:stacks/links.yaml -> links.yaml");
  });

  it("creates every link of a file the ref does not hold", async () => {
    const result = await inRepo("--base", "base", "new.yaml", "--json");
    expect(result.code).toBe(1);
    const [only] = JSON.parse(result.stdout).files;
    expect(only).toMatchObject({ base: "base:stacks/new.yaml", baseExists: false });
    expect(only.counts).toMatchObject({ created: 4, adopted: 1, disabled: 0 });
  });

  it("compares each file given, each against its own path at the ref", async () => {
    const result = await inRepo("--base", "HEAD", "links.yaml", "new.yaml", "--json");
    expect(JSON.parse(result.stdout).files.map((f: { base: string }) => f.base)).toEqual([
      "HEAD:stacks/links.yaml",
      "HEAD:stacks/new.yaml",
    ]);
  });

  it("exits 0 when the working file is what the ref holds", async () => {
    await writeFile(path.join(repo, "stacks", "same.yaml"), BASE);
    await git("add", "stacks/same.yaml");
    await git("commit", "--quiet", "-m", "same");
    expect((await inRepo("--base", "HEAD", "same.yaml")).code).toBe(0);
  });

  it("reports an invalid file at the ref under its REF:path name, and exits 2", async () => {
    await writeFile(path.join(repo, "stacks", "fixed.yaml"), INVALID);
    await git("add", "stacks/fixed.yaml");
    await git("commit", "--quiet", "-m", "broken");
    await writeFile(path.join(repo, "stacks", "fixed.yaml"), BASE);
    const result = await inRepo("--base", "HEAD", "fixed.yaml");
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      "HEAD:stacks/fixed.yaml:7:11: links.broken.name: must not be empty",
    );
  });

  it.each([
    {
      what: "a ref that names no commit",
      args: ["--base", "no-such-branch"],
      message: /"no-such-branch" names no commit of the repository at /,
    },
    {
      what: "a ref that looks like an option",
      args: ["--base=--output=x", "links.yaml"],
      message: /"--output=x" is not a git ref/,
    },
    {
      what: "a head file that does not exist",
      args: ["--base", "base", "gone.yaml"],
      message: /gone\.yaml: cannot read it \(ENOENT/,
    },
  ])("exits 2 for $what", async ({ args, message }) => {
    const result = await inRepo(...args);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
  });

  it("exits 2 saying so when git is not on PATH", async () => {
    const env = { ...process.env, PATH: path.join(repo, "no-bin") };
    const result = await smileLinks(["diff", "--base", "HEAD"], env, {
      cwd: path.join(repo, "stacks"),
    });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe("smile-links: --base needs git, which is not on PATH\n");
  });

  it("exits 2 for a file outside any git repository", async () => {
    const result = await diff("--base", "HEAD", "base.yaml");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--base: base\.yaml is not in a git repository \(fatal: not a git repository/,
    );
  });
});
