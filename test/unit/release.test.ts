import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLISHING } from "../../provider/codegen/package-schema";
import { PACKAGE_NAME } from "../../provider/link/type-tokens";
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

describe("the Go SDK module as Go users get it", () => {
  const root = path.resolve(__dirname, "../..");
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");
  const version: string = JSON.parse(read("package.json")).version;
  const modulePath = goModulePath(PUBLISHING.goImportBasePath, PACKAGE_NAME);
  const repository = PUBLISHING.repository.replace(/^https:\/\//, "");
  const folder = modulePath.slice(repository.length + 1);

  it("lives in a folder of the repository, which its path names", () => {
    expect(modulePath.startsWith(`${repository}/`)).toBe(true);
    expect(folder).toBe("sdk");
  });

  it("is committed in that folder and tagged <folder>/v<version> by the release workflow, as Go looks for it", () => {
    const workflow = read(".github/workflows/release.yml");
    expect(workflow).toContain(`tar -xzf "release/${PACKAGE_NAME}-go-sdk-v\${VERSION}.tar.gz"`);
    expect(workflow).toContain(`git add ${folder} `);
    expect(workflow).toContain(`git tag "${folder}/v\${VERSION}"`);
  });

  it("is what docs/native-provider.md tells a Go user to go get, at the package's version", () => {
    expect(read("docs/native-provider.md")).toContain(`go get ${modulePath}@v${version}`);
  });

  it("is what examples/native-go requires at the package's version, replaced by the unpacked archive", () => {
    const goMod = read("examples/native-go/go.mod");
    expect(goMod).toContain(`\t${modulePath} v${version}\n`);
    expect(goMod).toContain(`replace ${modulePath} => ./${folder}`);
  });
});
