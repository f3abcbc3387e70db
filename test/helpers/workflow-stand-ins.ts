import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { StandIn } from "./workflow-rehearsal";

/**
 * What the CI example's `uses:` steps, and the `gh` its scripts run, stand for in the rehearsal
 * (test/engine/ci-rehearsal.test.ts): the commands they run, or a record of what they would send
 * GitHub.
 */

/** A `gh` that records its arguments and body, and answers as a repository with no issue. */
const GH_RECORDER = `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
const at = args.indexOf("--body-file");
const body = at >= 0 ? fs.readFileSync(args[at + 1], "utf8") : undefined;
fs.appendFileSync(process.env.GH_RECORD, JSON.stringify({ args, body }) + "\\n");
`;

/** pulumi/actions: the CLI commands it runs for the inputs the example gives it. */
const pulumiAction: StandIn = async (inputs, run) => {
  const known = [
    "command",
    "stack-name",
    "upsert",
    "secrets-provider",
    "policyPacks",
    "policyPackConfigs",
  ];
  const unknown = Object.keys(inputs).filter((input) => !known.includes(input));
  if (unknown.length > 0) throw new Error(`pulumi/actions inputs not rehearsed: ${unknown}`);
  if (!inputs.command) return { code: 0, output: "(the Pulumi CLI is on PATH)" };
  if (inputs.command !== "up") throw new Error(`pulumi/actions ${inputs.command} not rehearsed`);
  const stack = inputs["stack-name"]!;
  const lines = (value = "") => value.split(/[\n;]/).filter((line) => line.trim() !== "");
  const packs = lines(inputs.policyPacks).map((pack) => `--policy-pack '${pack}'`);
  const configs = lines(inputs.policyPackConfigs).map((file) => `--policy-pack-config '${file}'`);
  const secretsProvider = inputs["secrets-provider"]
    ? `--secrets-provider '${inputs["secrets-provider"]}'`
    : "";
  return run(
    [
      "pulumi login",
      inputs.upsert === "true"
        ? `pulumi stack select --create '${stack}' ${secretsProvider}`
        : `pulumi stack select '${stack}'`,
      `pulumi up --yes --skip-preview --stack '${stack}' ${[...packs, ...configs].join(" ")}`,
    ].join("\n"),
  );
};

/** The stand-ins of the example's `uses:` steps; the sticky comment is kept in `comments`. */
export function standIns(comments: Record<string, string>): Record<string, StandIn> {
  return {
    "actions/checkout": async () => ({ code: 0, output: "(the project is the checkout)" }),
    "actions/setup-node": async () => ({ code: 0, output: "(Node.js 22 is on PATH)" }),
    "pulumi/actions": pulumiAction,
    "marocchino/sticky-pull-request-comment": async (inputs) => {
      comments[inputs.header!] = await readFile(inputs.path!, "utf8");
      return { code: 0, output: `(commented as ${inputs.header})` };
    },
  };
}

export interface GhRecorder {
  /** The variables that point the recorder at its log. */
  env: Record<string, string>;
  /** Each `gh` command run so far, with the body file it sent. */
  calls(): Promise<{ args: string[]; body?: string }[]>;
}

/** Puts the recording `gh` in `bin`, which the runner's PATH must hold. */
export async function installGhRecorder(bin: string): Promise<GhRecorder> {
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, "gh"), GH_RECORDER);
  await chmod(path.join(bin, "gh"), 0o755);
  const log = path.join(bin, "gh.jsonl");
  await writeFile(log, "");
  return {
    env: { GH_RECORD: log },
    calls: async () =>
      (await readFile(log, "utf8"))
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as { args: string[]; body?: string }),
  };
}
