import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { API_KEY, clientFor, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { smileLinks, smileLinksBinary } from "../helpers/cli";
import { linkInputs } from "../helpers/links";

// Most tests run `smile-links` in this process; a few run the built command as its own process
// (`smileLinksBinary`, and the emulator's), to prove its exit status, streams and signals.

const VALID = `defaults:
  companyName: Acme
  callbackUrl: https://acme.example/cb
  dataPrivacyPolicyUrl: https://acme.example/privacy
links:
  a:
    name: A
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
`;

const INVALID = `${VALID}  b:
    name: ""
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: selfie }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "smile-links-cli-"));
  await writeFile(path.join(dir, "valid.yaml"), VALID);
  await writeFile(path.join(dir, "invalid.yaml"), INVALID);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const file = (name: string) => path.join(dir, name);

describe("smile-links validate", () => {
  it("exits 0 for valid files", async () => {
    const result = await smileLinksBinary(["validate", file("valid.yaml")]);
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toBe("ok: 1 link(s) in 1 file(s)\n");
  });

  it("exits 1 listing every problem as file:line:column: message", async () => {
    const result = await smileLinksBinary(["validate", file("valid.yaml"), file("invalid.yaml")]);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split("\n")).toEqual([
      `${file("invalid.yaml")}:11:11: links.b.name: must not be empty`,
      expect.stringMatching(
        new RegExp(
          `^${file("invalid.yaml")}:13:57: links\\.b\\.idTypes\\[0\\]\\.verificationMethod: must be one of`,
        ),
      ),
    ]);
  });

  it("names the value given in each problem, every problem of a link at once", async () => {
    const text = VALID.replace("country: NG", "country: XX").replace(
      "https://acme.example/cb",
      "not a url",
    );
    await writeFile(file("values.yaml"), text);
    const result = await smileLinks(["validate", file("values.yaml")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'defaults.callbackUrl (used by links.a): must be an absolute http(s) URL; got "not a url"',
    );
    expect(result.stdout).toContain(
      'links.a.idTypes[0].country: must be an ISO 3166-1 alpha-2 country code such as NG, KE or ZA; got "XX"',
    );
    expect(result.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("exits 2 when no file is given", async () => {
    expect((await smileLinks(["validate"])).code).toBe(2);
  });

  it("exits 2 for a file that cannot be read", async () => {
    const result = await smileLinks(["validate", file("missing.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.yaml: cannot read it \(ENOENT: no such file\)/);
  });

  it("exits 2 for an unknown option", async () => {
    expect((await smileLinksBinary(["validate", "--strict", file("valid.yaml")])).code).toBe(2);
  });

  it("prints one JSON object with --json", async () => {
    const result = await smileLinks(["validate", "--json", file("invalid.yaml")]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      valid: false,
      files: [
        {
          file: file("invalid.yaml"),
          links: 1,
          problems: [{ line: 11, column: 11 }, { line: 13 }],
        },
      ],
    });
  });

  it("applies the production rules with --environment production", async () => {
    const http = VALID.replace("https://acme.example/cb", "http://acme.example/cb");
    await writeFile(file("http.yaml"), http);
    expect((await smileLinks(["validate", file("http.yaml")])).code).toBe(0);
    const result = await smileLinks(["validate", "--environment", "production", file("http.yaml")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /defaults\.callbackUrl \(used by links\.a\): must use https in production/,
    );
  });
});

describe("smile-links validate of what is no links file", () => {
  const BOMB = [
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ...["b", "c", "d", "e", "f", "g"].map(
      (name, index) => `${name}: &${name} [${Array(9).fill(`*${"abcdef"[index]}`).join(", ")}]`,
    ),
  ].join("\n");

  /** Each case: the file's name, how to make it, the exit code, and its one line. */
  const cases: [string, (at: string) => Promise<unknown>, number, RegExp][] = [
    ["bomb.yaml", (at) => writeFile(at, BOMB), 1, /^bomb\.yaml:1:1: YAML: too many aliases/],
    [
      "large.yaml",
      (at) => writeFile(at, `# ${"x".repeat(1024 * 1024)}\n`),
      1,
      /^large\.yaml: is \d+ bytes; a links file may be at most 1 MiB$/,
    ],
    [
      "binary.yaml",
      (at) => writeFile(at, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])),
      1,
      /^binary\.yaml: is a binary file, not YAML text$/,
    ],
    ["folder.yaml", (at) => mkdir(at), 2, /^folder\.yaml: is a directory/],
    [
      "loop.yaml",
      (at) => symlink(at, at),
      2,
      /^loop\.yaml: cannot read it \(ELOOP: too many symbolic links\)$/,
    ],
  ];

  it.each(cases)(
    "reports %s in one file: message line, with its exit code",
    async (name, make, code, line) => {
      const at = path.join(dir, name);
      await make(at);
      const result = await smileLinks(["validate", name], undefined, { cwd: dir });
      expect(result.code).toBe(code);
      const lines = `${result.stdout}${result.stderr}`.trim().split("\n");
      expect(lines.filter((text) => line.test(text))).toHaveLength(1);
      expect(result.stdout + result.stderr).not.toMatch(/Error| {4}at /);
    },
  );

  it.each(cases)("prints one JSON object for %s with --json", async (name, _make, code) => {
    const result = await smileLinks(["validate", "--json", name], undefined, { cwd: dir });
    expect(result.code).toBe(code);
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(false);
    const messages = [
      ...report.files.flatMap((each: { problems: unknown[] }) => each.problems),
      ...report.errors,
    ];
    expect(messages).toEqual([expect.objectContaining({ file: name })]);
  });

  it("checks every file even when one is no links file, and exits 2 for the usage error", async () => {
    const result = await smileLinks(["validate", file("missing.yaml"), file("invalid.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("links.b.name: must not be empty");
  });
});

describe("smile-links validate --catalog", () => {
  const UNLISTED = VALID.replace("idType: BVN", "idType: NIN_V3");

  it("fails an ID type the catalog does not list by default", async () => {
    await writeFile(file("unlisted.yaml"), UNLISTED);
    const result = await smileLinks(["validate", file("unlisted.yaml")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/links\.a\.idTypes\[0\]\.idType: is not an ID type for NG/);
  });

  it("names the --catalog flag, not the stack config key, in its hint", async () => {
    await writeFile(file("unlisted.yaml"), UNLISTED);
    const result = await smileLinks(["validate", file("unlisted.yaml")]);
    expect(result.stdout).toContain("give --catalog warn or --catalog off");
    expect(result.stdout).not.toContain("smileid:idTypeCatalog");
  });

  it("only warns with --catalog warn", async () => {
    await writeFile(file("unlisted.yaml"), UNLISTED);
    const result = await smileLinks(["validate", "--catalog", "warn", file("unlisted.yaml")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^warning: .*unlisted\.yaml:9:\d+: links\.a\.idTypes\[0\]\.idType/,
    );
  });
});

describe("smile-links --version and --help", () => {
  const version = async () =>
    (
      JSON.parse(await readFile(path.resolve(__dirname, "../../package.json"), "utf8")) as {
        version: string;
      }
    ).version;

  it.each(["--version", "-V"])("prints the package's version with %s and exits 0", async (flag) => {
    const result = await smileLinksBinary([flag]);
    expect(result).toEqual({ code: 0, stdout: `${await version()}\n`, stderr: "" });
  });

  it.each([
    ["emulator", ["none: this command reads no environment variables"]],
    ["validate", ["none: this command reads no environment variables", "--catalog"]],
    ["diff", ["none: this command reads no environment variables", "git", "--catalog"]],
    [
      "export",
      ["SMILE_ID_PARTNER_ID", "SMILE_ID_API_KEY", "SMILE_ID_ENVIRONMENT", "SMILE_ID_API_URL"],
    ],
    [
      "doctor",
      ["SMILE_ID_PARTNER_ID", "SMILE_ID_API_KEY", "SMILE_ID_ENVIRONMENT", "SMILE_ID_API_URL"],
    ],
    ["audit", ["SMILE_ID_PARTNER_ID", "SMILE_ID_API_KEY", "SMILE_LINKS_PULUMI"]],
  ])("lists what %s reads from the environment in its --help", async (command, names) => {
    const result = await smileLinks([command, "--help"]);
    expect(result.code).toBe(0);
    const section = result.stdout.slice(result.stdout.indexOf("\nEnvironment:\n"));
    expect(section).toMatch(/^\nEnvironment:\n/);
    for (const name of names) expect(section).toContain(name);
  });
});

describe("smile-links export", () => {
  const emulator = useEmulator({ pageSize: 2 });
  const env = () => ({
    ...process.env,
    SMILE_ID_API_URL: emulator().url,
    SMILE_ID_PARTNER_ID: PARTNER_ID,
    SMILE_ID_API_KEY: API_KEY,
  });

  it("writes every enabled link of every page as a links file with adoptRefIds", async () => {
    const client = clientFor(emulator());
    const made = await Promise.all(
      ["One", "Two", "Three"].map((name) => client.create(linkInputs({ name }))),
    );
    const disabled = await client.create(linkInputs({ name: "Old" }));
    await client.update(disabled.refId, { isDisabled: true });
    const result = await smileLinks(["export"], env());
    expect(result.code).toBe(0);
    const exported = parse(result.stdout);
    const refIds = Object.values(exported.links).map(
      (link) => (link as { adoptRefId: string }).adoptRefId,
    );
    expect(refIds.sort()).toEqual(made.map((link) => link.refId).sort());
    expect(exported.defaults).toMatchObject({ companyName: "Acme" });
    expect(result.stderr).toMatch(/exported 3 link\(s\); 1 disabled left out/);
  });

  it("keeps disabled links with --include-disabled", async () => {
    const result = await smileLinks(["export", "--include-disabled"], env());
    expect(Object.values(parse(result.stdout).links)).toContainEqual(
      expect.objectContaining({ name: "Old", isDisabled: true }),
    );
  });

  it("writes a file that validates", async () => {
    await smileLinks(["export", "--out", file("exported.yaml")], env());
    expect((await smileLinks(["validate", file("exported.yaml")])).code).toBe(0);
  });

  it("exits 1 naming the environment variable it reads when credentials are missing", async () => {
    const { SMILE_ID_API_KEY: _key, ...rest } = env();
    const result = await smileLinksBinary(["export"], { ...rest, SMILE_ID_API_KEY: "" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/credentials are missing: set SMILE_ID_API_KEY\.\n/);
  });

  it("exits 1 naming the status when the API refuses, without the key", async () => {
    const result = await smileLinks(["export"], { ...env(), SMILE_ID_API_KEY: "wrong-key-123" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/list links: HTTP 401/);
    expect(result.stderr).not.toContain("wrong-key-123");
  });
});

describe("a command's failure under --json", () => {
  const emulator = useEmulator();

  it("is one JSON object too for audit, with the message stderr shows, and exits 1", async () => {
    await writeFile(file("empty-stack.json"), JSON.stringify({ deployment: { resources: [] } }));
    const result = await smileLinks(["audit", "--json", "--state", file("empty-stack.json")], {
      ...process.env,
      SMILE_ID_API_URL: emulator().url,
      SMILE_ID_PARTNER_ID: PARTNER_ID,
      SMILE_ID_API_KEY: "wrong-key-123",
    });
    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual({ ok: false, error: expect.stringMatching(/list links: HTTP 401/) });
    expect(result.stderr).toBe(`smile-links: ${printed.error}\n`);
    expect(result.stdout).not.toContain("wrong-key-123");
  });

  it("is one JSON object for doctor's bad setting, which it names", async () => {
    const result = await smileLinks(["doctor", "--json"], {
      ...process.env,
      SMILE_ID_ENVIRONMENT: "prod",
      SMILE_ID_PARTNER_ID: PARTNER_ID,
      SMILE_ID_API_KEY: API_KEY,
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: 'SMILE_ID_ENVIRONMENT must be sandbox or production; got "prod".',
    });
  });

  it("is one JSON object for diff's usage error, and exits 2", async () => {
    const result = await smileLinks(["diff", "--json", file("no-such.yaml"), file("valid.yaml")]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: expect.stringContaining("no-such.yaml: cannot read it (ENOENT"),
    });
  });
});

describe("smile-links emulator", () => {
  it("prints its URL first, serves the API, and stops cleanly on SIGTERM", async () => {
    const { spawn } = await import("node:child_process");
    const { SmileLinksClient } = await import("../../provider/client/client.js");
    const main = path.resolve(__dirname, "../../dist/cli/main.js");
    const args = ["emulator", "--port", "0", "--partner-id", "p-1", "--api-key", "k-1"];
    const child = spawn(process.execPath, [main, ...args, "--data", file("emulator.json")]);
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().split("\n")[0]!));
      child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const client = new SmileLinksClient({ apiUrl: url, partnerId: "p-1", apiKey: "k-1" });
    const { refId } = await client.create(linkInputs());
    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(JSON.parse(await readFile(file("emulator.json"), "utf8")).links[0].ref_id).toBe(refId);
  });

  it.each(["70000", "abc"])("exits 2 naming the allowed ports for --port %s", async (port) => {
    const result = await smileLinks(["emulator", "--port", port]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--port must be a whole number from 0 to 65535; got "${port}".`,
    );
  });

  it("plays the reading its flags choose, says which on its second line, and lists there", async () => {
    const { spawn } = await import("node:child_process");
    const { computeSignature } = await import("../../provider/client/signature.js");
    const main = path.resolve(__dirname, "../../dist/cli/main.js");
    const args = ["emulator", "--port", "0", "--partner-id", "p-1", "--api-key", "k-1"];
    const child = spawn(process.execPath, [main, ...args, "--list-path", "list"]);
    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const lines = await new Promise<string[]>((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.split("\n").length > 2) resolve(text.split("\n"));
      });
      child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
    });
    const timestamp = new Date().toISOString();
    const signature = computeSignature("k-1", "p-1", timestamp);
    const response = await fetch(`${lines[0]}/smile_links/list`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ partner_id: "p-1", timestamp, signature }),
    });
    child.kill("SIGTERM");
    expect(lines[1]).toBe(
      "Plays a reading of the API docs other than the documented one: listPath=list " +
        "partnerParams=list-and-get errorShape=words createStatus=200 refIds=hex",
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ links: [], meta: { totalCount: 0 } });
    expect(await exit).toBe(0);
  });

  it("exits 2 for a list path that is not one of its choices", async () => {
    expect((await smileLinks(["emulator", "--port", "0", "--list-path", "x"])).code).toBe(2);
  });
});
