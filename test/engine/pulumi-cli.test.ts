import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { languageHostDir, pulumiEnv } from "../../scripts/ensure-pulumi.mjs";

const root = path.resolve(__dirname, "../..");

const pinned = (module: string, tool: string) =>
  new RegExp(`${module.replaceAll(".", "\\.")} (v\\S+)`).exec(
    readFileSync(path.join(root, "tools", tool, "go.mod"), "utf8"),
  )![1]!;

describe("npm run pulumi", () => {
  it("runs the pinned Pulumi CLI when none is on PATH", async () => {
    const withoutPulumi = (process.env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => !existsSync(path.join(dir, "pulumi")))
      .join(path.delimiter);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["scripts/pulumi.mjs", "version"],
      { cwd: root, env: { ...process.env, PATH: withoutPulumi, SMILE_LINKS_PULUMI: "" } },
    );
    expect(stdout.trim()).toBe(pinned("github.com/pulumi/pulumi/pkg/v3", "pulumi-cli"));
  });
});

describe("the Node.js language host", () => {
  let elsewhere: string;
  beforeAll(async () => {
    elsewhere = await mkdtemp(path.join(tmpdir(), "smile-links-cli-"));
  });
  afterAll(() => rm(elsewhere, { recursive: true, force: true }));

  it("sits beside the CLI the tests run", () => {
    const binary = inject("pulumiBinary");
    expect(languageHostDir(binary)).toBe(path.dirname(binary));
    expect(existsSync(path.join(path.dirname(binary), "pulumi-language-nodejs"))).toBe(true);
  });

  it("is the one beside a pulumi that has its own, as an official install does", async () => {
    await writeFile(path.join(elsewhere, "pulumi-language-nodejs"), "", { mode: 0o755 });
    expect(languageHostDir(path.join(elsewhere, "pulumi"))).toBe(elsewhere);
  });

  it("is built into a cache directory of its own, put on PATH, for a pulumi that has none", () => {
    const binary = path.join(elsewhere, "bare", "pulumi");
    const version = pinned("github.com/pulumi/pulumi/sdk/v3", "pulumi-language-hosts");
    const dir = languageHostDir(binary);
    const cached = path.join("pulumi-smile-links", `pulumi-language-hosts-${version}`, "bin");
    expect(dir.endsWith(cached)).toBe(true);
    expect(pulumiEnv({}, binary).PATH!.split(path.delimiter).slice(0, 2)).toEqual([
      path.dirname(binary),
      dir,
    ]);
  });
});
