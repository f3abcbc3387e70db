// Finds or builds the code-generation language host (tools/pulumi-codegen-host), which answers
// the CLI's GeneratePackage and GenerateProgram requests (`pulumi package gen-sdk`, the code that
// `pulumi import` prints) for Node.js and Python, and runs Node.js policy packs
// (`--policy-pack DIR`): the language hosts this project builds (sdk/v3 v3.68.0) run programs
// but predate those requests. It passes every other request to the host next on PATH.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { cacheDir, repoRoot } from "./ensure-pulumi.mjs";
import { goBuild, requiredVersion } from "./go-build.mjs";

const moduleDir = path.join(repoRoot, "tools", "pulumi-codegen-host");
const binaryName = "pulumi-codegen-host";
const languages = ["go", "nodejs", "python"];
/** Unlike the CLI's, this host's source is ours: a build is kept for one version of it. */
const sourceFiles = () => [
  ...readdirSync(moduleDir)
    .filter((file) => file.endsWith(".go"))
    .sort(),
  "go.mod",
  "go.sum",
];

function sourceHash() {
  const hash = createHash("sha256");
  for (const file of sourceFiles()) hash.update(readFileSync(path.join(moduleDir, file)));
  return hash.digest("hex").slice(0, 12);
}

/**
 * The directory holding `pulumi-language-go`, `-nodejs` and `-python`, each the codegen
 * host, building it once (about 15 s when Go's build cache holds the CLI's packages). Put the
 * directory first on PATH for `pulumi package gen-sdk`, `pulumi package add`, `pulumi import`
 * and `--policy-pack DIR`, before the project's language hosts (which it passes programs to):
 * the CLI prefers a language host on PATH, and warns that it does.
 *
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<string>}
 */
export async function ensureCodegenHost({
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  const version = requiredVersion(moduleDir, "github.com/pulumi/pulumi/pkg/v3");
  const binDir = cacheDir(`${binaryName}-${version}-${sourceHash()}`);
  const hostsDir = path.join(path.dirname(binDir), "hosts");
  if (existsSync(path.join(hostsDir, `pulumi-language-${languages.at(-1)}`))) {
    return hostsDir;
  }
  log(
    `Building Pulumi's code generators (pkg/v3 ${version}) into ${binDir}: once, in seconds to a minute.`,
  );
  await goBuild({
    moduleDir,
    packages: [`pulumi-smile-links/tools/${binaryName}`],
    ldflags: `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`,
    outDir: binDir,
  });
  // The host serves the language it is named after; the directory appears whole or not at all.
  const temp = `${hostsDir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await mkdir(temp, { recursive: true });
    for (const language of languages) {
      await symlink(path.join(binDir, binaryName), path.join(temp, `pulumi-language-${language}`));
    }
    await rename(temp, hostsDir).catch((error) => {
      if (!existsSync(hostsDir)) throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return hostsDir;
}
