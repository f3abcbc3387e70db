import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The shell commands that README.md and docs/*.md show, as a reader would type them. */

const root = path.resolve(__dirname, "../..");

export interface DocCommand {
  /** README.md or docs/NAME.md */
  page: string;
  /** The heading the code block is under. */
  section: string;
  /** The line of the code block's opening fence, 1-based. */
  block: number;
  /** The command as typed: continuation lines joined, a trailing `# comment` left out. */
  command: string;
}

/** The pages read: the README and every page of docs/. */
export function docPages(): string[] {
  const docs = readdirSync(path.join(root, "docs")).filter((name) => name.endsWith(".md"));
  return ["README.md", ...docs.sort().map((name) => `docs/${name}`)];
}

/** The commands of one page's `sh`, `bash` and `shell` code blocks (indented ones too), in order. */
export function commandsOf(page: string, markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  let block: number | undefined;
  let indent = "";
  let pending = "";
  let section = "";
  let otherFence = false;
  markdown.split("\n").forEach((line, index) => {
    if (block === undefined && /^\s*(```|~~~)/.test(line)) {
      const fence = /^(\s*)```(sh|bash|shell)\s*$/.exec(line);
      if (!fence) {
        otherFence = !otherFence;
        return;
      }
    }
    if (otherFence) return;
    const heading = block === undefined ? /^#{1,6}\s+(.*?)\s*$/.exec(line)?.[1] : undefined;
    if (heading !== undefined) section = heading;
    if (block === undefined) {
      const fence = /^(\s*)```(sh|bash|shell)\s*$/.exec(line);
      if (fence) [block, indent] = [index + 1, fence[1]!];
      return;
    }
    if (line.trimStart().startsWith("```")) {
      block = undefined;
      return;
    }
    const joined = pending + (line.startsWith(indent) ? line.slice(indent.length) : line);
    if (joined.endsWith("\\")) {
      pending = `${joined.slice(0, -1).trimEnd()} `;
      return;
    }
    pending = "";
    const command = joined
      .replace(/\s+#\s.*$/, "")
      .replace(/\s+/g, " ")
      .trim();
    if (command !== "" && !command.startsWith("#")) {
      commands.push({ page, section, block, command });
    }
  });
  return commands;
}

/** A command's key in COVERAGE: `page › section: command`. */
export const keyOf = ({ page, section, command }: DocCommand) => `${page} › ${section}: ${command}`;

/** Every command of the README and docs/, page by page. */
export function documentedCommands(): DocCommand[] {
  return docPages().flatMap((page) =>
    commandsOf(page, readFileSync(path.join(root, page), "utf8")),
  );
}

/** Where a documented command is run. */
export type Coverage =
  /** test/engine/doc-commands.test.ts runs it as written, on a fresh copy of the repository. */
  | { here: true }
  /** Another test runs it, in the project it is written for. */
  | { coveredBy: string }
  /** No test runs it, and why. */
  | { notHere: string };

/** Why the pipeline snippet of docs/links-files.md runs in no test as written. */
const PULL_REQUEST_STEP =
  "a step of a pull request job, which needs the pull request's remote and GITHUB_BASE_REF; " +
  "the CI example's review job runs `smile-links diff` in test/engine/ci-rehearsal.test.ts";

/**
 * How each command of the README and docs/ is run, by `keyOf`: a new command needs a line here
 * (test/unit/doc-commands.test.ts).
 */
export const COVERAGE: Record<string, Coverage> = {
  "README.md › The two commands: npm ci && npm run up": { here: true },
  "README.md › The two commands: npm ci && npm test": {
    notHere: "the test suite itself: .ci/run runs it on a fresh clone",
  },
  "README.md › Using it in a program: pulumi new typescript": {
    notHere: "it downloads its template from GitHub, which this machine cannot reach",
  },
  "README.md › Using it in a program: npm install pulumi-smile-links @pulumi/pulumi": {
    coveredBy: "test/helpers/user-project.ts",
  },
  "README.md › Using it in a program: npm install --save-dev typescript@6 @types/node@22": {
    coveredBy: "test/helpers/user-project.ts",
  },
  "README.md › Using it in a program: pulumi config set smileid:partnerId 1234": {
    coveredBy: "test/helpers/pulumi-stack.ts",
  },
  "README.md › Using it in a program: pulumi config set --secret smileid:apiKey": {
    coveredBy: "test/helpers/pulumi-stack.ts",
  },
  "README.md › Using it in a program: pulumi up": {
    coveredBy: "test/engine/user-project.test.ts",
  },
  "README.md › Other languages: the native provider: venv/bin/pip install pulumi smileid_pulumi-0.1.0-py3-none-any.whl":
    { coveredBy: "test/helpers/release-project.ts" },
  "README.md › Other languages: the native provider: npm install @pulumi/pulumi ./pulumi-smile-links-smileid-0.1.0.tgz":
    {
      notHere:
        "it needs `npm run release`'s tarball; test/engine/native-typescript.test.ts installs the same SDK from the folder `pulumi package gen-sdk` writes",
    },
  "README.md › Other languages: the native provider: pulumi plugin install resource smileid 0.1.0 --file pulumi-resource-smileid-v0.1.0-linux-amd64.tar.gz":
    { coveredBy: "test/engine/plugin-install.test.ts" },
  "README.md › Configuration: pulumi stack select --create production": { here: true },
  "README.md › Configuration: pulumi config set smileid:environment production": {
    here: true,
  },
  "README.md › Configuration: pulumi config set smileid:partnerId 1234": { here: true },
  "README.md › Configuration: pulumi config set --secret smileid:apiKey": { here: true },
  "docs/audit.md › Auditing the account: pulumi stack export --stack production > production.json":
    { coveredBy: "test/engine/audit.test.ts" },
  "docs/audit.md › Auditing the account: SMILE_ID_ENVIRONMENT=production SMILE_ID_PARTNER_ID=... SMILE_ID_API_KEY=... npx smile-links audit --state production.json":
    { notHere: "it reads a real account; test/engine/audit.test.ts audits an emulator's" },
  "docs/emulator.md › The emulator: npx smile-links emulator --data links.json": {
    notHere:
      "it listens on the fixed port 8788, which `npm run up` and a developer's own emulator use; test/unit/cli.test.ts runs the command on a free port",
  },
  "docs/emulator.md › The emulator: SMILE_ID_API_URL=http://127.0.0.1:8788/v1 SMILE_ID_PARTNER_ID=emulator-partner SMILE_ID_API_KEY=emulator-api-key pulumi up":
    {
      notHere:
        "it needs the emulator above on port 8788; test/engine/root-project.test.ts deploys the root project to an emulator with these variables",
    },
  "docs/links-files.md › The workflow: npm run build": { here: true },
  "docs/links-files.md › The workflow: export SMILE_ID_PARTNER_ID=1234 SMILE_ID_API_KEY=...": {
    here: true,
  },
  "docs/links-files.md › The workflow: npm run pulumi -- preview --stack sandbox": {
    here: true,
  },
  "docs/links-files.md › Review without secrets: `smile-links diff`: npx smile-links diff BASE_FILE HEAD_FILE [--markdown | --json]":
    { coveredBy: "test/unit/links-diff-cli.test.ts" },
  "docs/links-files.md › Review without secrets: `smile-links diff`: npx smile-links diff --base GIT_REF [HEAD_FILE...] [--markdown | --json]":
    { coveredBy: "test/unit/links-diff-cli.test.ts" },
  'docs/links-files.md › Exit codes: git fetch --depth=1 origin "$GITHUB_BASE_REF"': {
    notHere: PULL_REQUEST_STEP,
  },
  "docs/links-files.md › Exit codes: status=0": { notHere: PULL_REQUEST_STEP },
  'docs/links-files.md › Exit codes: npx smile-links diff --base "origin/$GITHUB_BASE_REF" links.yaml links.production.yaml --markdown > links-diff.md || status=$?':
    { notHere: PULL_REQUEST_STEP },
  'docs/links-files.md › Exit codes: [ "$status" -le 1 ]': { notHere: PULL_REQUEST_STEP },
  "docs/native-provider.md › Installing from a release: pulumi plugin install resource smileid 0.1.0 --file pulumi-resource-smileid-v0.1.0-linux-amd64.tar.gz":
    { coveredBy: "test/engine/plugin-install.test.ts" },
  "docs/native-provider.md › Installing from a release: pulumi plugin install resource smileid 0.1.0 --server github://api.github.com/pulumi-smile-links/pulumi-smile-links":
    { notHere: "it downloads from GitHub, which this machine cannot reach" },
  "docs/native-provider.md › Installing from the npm package: pulumi package gen-sdk ./node_modules/pulumi-smile-links/bin/pulumi-resource-smileid --language python --out sdks":
    { coveredBy: "test/engine/python-steps.test.ts" },
  "docs/native-provider.md › Python from the npm package, step by step: npm install pulumi-smile-links":
    { coveredBy: "test/engine/python-steps.test.ts" },
  "docs/native-provider.md › Python from the npm package, step by step: pulumi package gen-sdk ./node_modules/pulumi-smile-links/bin/pulumi-resource-smileid --language python --out sdks":
    { coveredBy: "test/engine/python-steps.test.ts" },
  "docs/native-provider.md › Python from the npm package, step by step: python3 -m venv venv": {
    coveredBy: "test/engine/python-steps.test.ts",
  },
  "docs/native-provider.md › Python from the npm package, step by step: venv/bin/pip install -r requirements.txt":
    { coveredBy: "test/engine/python-steps.test.ts" },
  "docs/native-provider.md › Python from the npm package, step by step: pulumi stack init dev": {
    coveredBy: "test/engine/python-steps.test.ts",
  },
  "docs/native-provider.md › Python from the npm package, step by step: pulumi config set smileid:partnerId <partner ID>":
    { coveredBy: "test/engine/python-steps.test.ts" },
  "docs/native-provider.md › Python from the npm package, step by step: pulumi config set --secret smileid:apiKey":
    { coveredBy: "test/engine/python-steps.test.ts" },
  "docs/native-provider.md › Python from the npm package, step by step: pulumi up --yes": {
    coveredBy: "test/engine/python-steps.test.ts",
  },
  "docs/native-provider.md › Python from the npm package, step by step: pulumi destroy --yes": {
    coveredBy: "test/engine/python-steps.test.ts",
  },
  "README.md › Other languages: the native provider: tar -xzf smileid-go-sdk-v0.1.0.tar.gz && go mod tidy":
    { coveredBy: "test/engine/native-go.test.ts" },
  "docs/native-provider.md › Go from a release, step by step: tar -xzf smileid-go-sdk-v0.1.0.tar.gz":
    { coveredBy: "test/engine/native-go.test.ts" },
  "docs/native-provider.md › Go from a release, step by step: go mod tidy": {
    coveredBy: "test/engine/native-go.test.ts",
  },
  "docs/native-provider.md › Go from a release, step by step: pulumi stack init dev": {
    coveredBy: "test/engine/native-go.test.ts",
  },
  "docs/native-provider.md › Go from a release, step by step: pulumi config set smileid:partnerId <partner ID>":
    { coveredBy: "test/engine/native-go.test.ts" },
  "docs/native-provider.md › Go from a release, step by step: pulumi config set --secret smileid:apiKey":
    { coveredBy: "test/engine/native-go.test.ts" },
  "docs/native-provider.md › Go from a release, step by step: pulumi up --yes": {
    coveredBy: "test/engine/native-go.test.ts",
  },
  "docs/native-provider.md › Go from a release, step by step: pulumi destroy --yes": {
    coveredBy: "test/engine/native-go.test.ts",
  },
  "docs/native-provider.md › `pulumi import`: pulumi import smileid:index:SmileLink legacy-partner 9b1c2d3e":
    { coveredBy: "test/helpers/native-lifecycle.ts" },
  'docs/performance.md › The provider in state: node -e \'for (const f of process.argv.slice(1)) { const t = require("fs").readFileSync(f, "utf8"); console.log(f, Buffer.byteLength(t), JSON.stringify(t).length - 2) }\' test/fixtures/provider-reference.txt test/fixtures/provider-shim-0.1.0.txt':
    { here: true },
  'docs/performance.md › The provider in state: npm run build && node -e \'const provider = require("./dist/dynamic/provider.js"); require("@pulumi/pulumi/runtime/closure/serializeClosure").serializeFunction(() => provider, { allowSecrets: true }).then((r) => console.log(Buffer.byteLength(r.text), JSON.stringify(r.text).length - 2))\'':
    { here: true },
  "docs/policies.md › Policies for link hygiene: pulumi preview --policy-pack node_modules/pulumi-smile-links/policy --policy-pack-config smile-links-policy.json":
    { coveredBy: "test/engine/policy-pack.test.ts" },
  "docs/reliability.md › Before your first deploy to Smile ID: export SMILE_ID_PARTNER_ID=1234 SMILE_ID_API_KEY=...":
    { notHere: "the credentials of a real account, for the doctor below" },
  "docs/reliability.md › Before your first deploy to Smile ID: npx smile-links doctor": {
    notHere: "it reads a real account; test/unit/doctor.test.ts runs it on emulators",
  },
  "docs/reliability.md › Before your first deploy to Smile ID: npx smile-links doctor --write --environment sandbox":
    { notHere: "it writes to a real account; test/unit/doctor.test.ts runs it on emulators" },
};
