import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeChecksums } from "../../scripts/release/checksums.mjs";
import { goModulePath } from "../../scripts/release/go-sdk.mjs";
import { pluginJsonProblem } from "../../scripts/release/python-sdk.mjs";
import { archiveName, executableName, TARGETS } from "../../scripts/release/targets.mjs";

/**
 * The pure rules of `npm run release` (scripts/release/): names the engine looks for, the
 * checksums file and the checks that refuse a wrong SDK. The build itself runs in the engine
 * tier (plugin-install.test.ts).
 */

const SCHEMA = { name: "smileid", pluginDownloadURL: "github://api.github.com/acme/smileid" };

describe("the release's names", () => {
  it("name each archive as the engine downloads it", () => {
    expect(archiveName("smileid", "1.2.3", { os: "linux", arch: "amd64" })).toBe(
      "pulumi-resource-smileid-v1.2.3-linux-amd64.tar.gz",
    );
  });

  it("give the Windows executable the .exe the engine runs", () => {
    expect(executableName("smileid", { os: "windows" })).toBe("pulumi-resource-smileid.exe");
    expect(executableName("smileid", { os: "darwin" })).toBe("pulumi-resource-smileid");
  });

  it("cover every pair of {linux, darwin, windows} and {amd64, arm64} once", () => {
    const names = TARGETS.map(({ os, arch }) => `${os}-${arch}`).sort();
    expect(names).toEqual([
      "darwin-amd64",
      "darwin-arm64",
      "linux-amd64",
      "linux-arm64",
      "windows-amd64",
      "windows-arm64",
    ]);
  });
});

describe("the release's checksums", () => {
  it("are read back by sha256sum --check", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "smile-links-checksums-"));
    try {
      writeFileSync(path.join(dir, "b.tar.gz"), "second");
      writeFileSync(path.join(dir, "a.whl"), "first");
      const file = await writeChecksums(dir);
      const checked = execFileSync("sha256sum", ["--check", path.basename(file)], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(checked).toBe("a.whl: OK\nb.tar.gz: OK\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the Python SDK's pulumi-plugin.json", () => {
  it("passes when it names the plugin, as a resource plugin, and its download server", () => {
    const json = { resource: true, name: "smileid", server: SCHEMA.pluginDownloadURL };
    expect(pluginJsonProblem(json, SCHEMA)).toBeUndefined();
  });

  it("is refused, naming each wrong key, its value and the value expected", () => {
    expect(pluginJsonProblem({ resource: true, name: "smileid" }, SCHEMA)).toBe(
      `pulumi-plugin.json has server=undefined, expected server="${SCHEMA.pluginDownloadURL}"`,
    );
  });
});

describe("the Go SDK's module path", () => {
  it("is the import base path without its /go/<name> tail", () => {
    expect(goModulePath("github.com/acme/pulumi-smileid/sdk/go/smileid", "smileid")).toBe(
      "github.com/acme/pulumi-smileid/sdk",
    );
  });

  it("is refused, naming the path, the tail expected and where to set it, when the tail is missing", () => {
    expect(() => goModulePath("github.com/acme/sdk/smileid", "smileid")).toThrow(
      "the Go import base path github.com/acme/sdk/smileid does not end in /go/smileid: " +
        "set PUBLISHING.goImportBasePath in provider/codegen/package-schema.ts",
    );
  });
});
