// The Go SDK, laid out as Pulumi providers keep theirs: a Go module at the repository's `sdk/`
// (go.mod there, the package in sdk/go/<name>), compiled here to check it. Go modules are
// published by committing that folder and tagging `sdk/v<version>`, not as a file: the release
// holds the module as an archive to commit and tag.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { create } from "tar";
import { repoRoot } from "../ensure-pulumi.mjs";
import { requiredVersion, whichExecutable } from "../go-build.mjs";
import { generateSdk } from "./gen-sdk.mjs";
import { packageVersion, servedSchema } from "./schema.mjs";

const execFileAsync = promisify(execFile);
const sdkModule = "github.com/pulumi/pulumi/sdk/v3";

/**
 * The Go module path of an SDK whose package is `importBasePath`: the package sits in
 * `go/<name>` of the module, as gen-sdk writes it.
 *
 * @param {string} importBasePath the schema's `language.go.importBasePath`
 * @param {string} name the package's name
 * @returns {string}
 */
export function goModulePath(importBasePath, name) {
  const tail = `/go/${name}`;
  if (!importBasePath.endsWith(tail)) {
    throw new Error(
      `the Go import base path ${importBasePath} does not end in ${tail}: set PUBLISHING.goImportBasePath ` +
        `in provider/codegen/package-schema.ts to <module path>${tail}`,
    );
  }
  return importBasePath.slice(0, -tail.length);
}

/**
 * The `go` directive of a go.mod's text.
 *
 * @param {string} goMod
 * @returns {string}
 */
function goDirective(goMod) {
  const version = /^go (\S+)$/m.exec(goMod)?.[1];
  if (!version) throw new Error("the codegen host's go.mod has no go line");
  return version;
}

/**
 * Builds `<name>-go-sdk-v<version>.tar.gz` (holding `sdk/go.mod`, `sdk/go.sum` and
 * `sdk/go/<name>/`) into `outDir`, once the module compiles, and returns its path. Needs `go`;
 * the first build fetches the SDK's dependencies from the Go module proxy.
 *
 * @param {{ outDir: string; log?: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function buildGoSdk({ outDir, log = () => {} }) {
  const go = await whichExecutable("go");
  if (!go)
    throw new Error(
      "the Go SDK needs Go, which is not on PATH: install Go 1.26 or later (tools/pulumi-codegen-host/go.mod), or put it on PATH",
    );
  const schema = /** @type {{ name: string; language?: { go?: { importBasePath?: string } } }} */ (
    servedSchema()
  );
  const importBasePath = schema.language?.go?.importBasePath;
  if (!importBasePath) {
    throw new Error(
      "the served schema has no language.go.importBasePath: set PUBLISHING.goImportBasePath in provider/codegen/package-schema.ts",
    );
  }
  const work = await mkdtemp(path.join(tmpdir(), "smile-links-go-sdk-"));
  try {
    const moduleDir = path.join(work, "sdk");
    await generateSdk({ language: "go", outDir: moduleDir, log });
    // The Pulumi SDK the generator wrote the code for, and the Go version: the codegen host's.
    // Without a go line, Go reads every module's go.mod, some of which the proxy refuses.
    const hostModule = path.join(repoRoot, "tools", "pulumi-codegen-host");
    const sdkVersion = requiredVersion(hostModule, sdkModule);
    const goVersion = goDirective(await readFile(path.join(hostModule, "go.mod"), "utf8"));
    await writeFile(
      path.join(moduleDir, "go.mod"),
      `module ${goModulePath(importBasePath, schema.name)}\n\ngo ${goVersion}\n\n` +
        `require ${sdkModule} ${sdkVersion}\n`,
    );
    const env = { ...process.env, GOFLAGS: "-mod=mod" };
    for (const args of [
      ["mod", "tidy"],
      ["build", "./..."],
    ]) {
      await execFileAsync(go, args, { cwd: moduleDir, env }).catch((error) => {
        throw new Error(`go ${args.join(" ")} in ${moduleDir} failed:\n${error.stderr}`, {
          cause: error,
        });
      });
    }
    await mkdir(outDir, { recursive: true });
    const archive = path.join(outDir, `${schema.name}-go-sdk-v${packageVersion()}.tar.gz`);
    await create({ gzip: true, portable: true, file: archive, cwd: work }, ["sdk"]);
    return archive;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
