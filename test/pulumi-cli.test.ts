import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

describe("npm run pulumi", () => {
  it("runs the pinned Pulumi CLI when none is on PATH", async () => {
    const withoutPulumi = (process.env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => !existsSync(path.join(dir, "pulumi")))
      .join(path.delimiter);
    const pinned = /github\.com\/pulumi\/pulumi\/pkg\/v3 (v\S+)/.exec(
      readFileSync(path.join(root, "tools/pulumi-cli/go.mod"), "utf8"),
    )![1];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["scripts/pulumi.mjs", "version"],
      { cwd: root, env: { ...process.env, PATH: withoutPulumi, SMILE_LINKS_PULUMI: "" } },
    );
    expect(stdout.trim()).toBe(pinned);
  });
});
