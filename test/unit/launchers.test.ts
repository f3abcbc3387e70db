import { execFile } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * The plugin's two launchers: bin/pulumi-resource-smileid (POSIX shell) and
 * bin/pulumi-resource-smileid.cmd (Windows, which cannot run here). What can be checked here is
 * that the package ships both and that they start the same thing.
 */
const root = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const shell = read("bin/pulumi-resource-smileid");
const cmd = read("bin/pulumi-resource-smileid.cmd");

/** The path, relative to the package's root, of the script a launcher hands to Node.js. */
function scriptOf(launcher: string, packageVariable: RegExp): string {
  const match = new RegExp(`"${packageVariable.source}[\\\\/]([^"]+\\.js)"`).exec(launcher);
  if (!match?.[1]) throw new Error(`no script found in:\n${launcher}`);
  return match[1].replaceAll("\\", "/");
}

describe("the plugin's launchers", () => {
  it("are both in the package as npm packs it", async () => {
    const { stdout } = await promisify(execFile)(
      "npm",
      ["pack", "--dry-run", "--json", "--ignore-scripts"],
      { cwd: root },
    );
    const [{ files }] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    expect(files.map((file) => file.path)).toEqual(
      expect.arrayContaining(["bin/pulumi-resource-smileid", "bin/pulumi-resource-smileid.cmd"]),
    );
  });

  it("start the same script, the build of provider/native/main.ts", () => {
    const script = scriptOf(shell, /\$package/);
    expect(scriptOf(cmd, /%package%/)).toBe(script);
    const { rootDir, outDir } = JSON.parse(read("tsconfig.build.json")).compilerOptions;
    expect(script).toBe(`${outDir}/native/main.js`);
    expect(read(`${rootDir}/native/main.ts`)).not.toBe("");
  });

  it("take the Node.js from the same variable first", () => {
    expect(shell).toMatch(/node=\$\{PULUMI_SMILEID_NODE:-\}/);
    expect(cmd).toMatch(/set "node=%PULUMI_SMILEID_NODE%"/);
  });

  it("fall back to the same npm-installed node: the Windows one names the file .bin links to", () => {
    // The shell launcher runs node_modules/.bin/node; on Windows npm writes a node.cmd there
    // instead, so the .cmd launcher names the binary that link resolves to.
    expect(shell).toContain('"$package/../.bin/node"');
    expect(cmd).toContain('"%package%\\..\\node\\bin\\node.exe"');
    expect(realpathSync(path.join(root, "node_modules/.bin/node"))).toBe(
      path.join(realpathSync(root), "node_modules/node/bin/node"),
    );
  });
});
