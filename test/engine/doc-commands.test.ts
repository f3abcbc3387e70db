import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { COVERAGE, documentedCommands, keyOf, type DocCommand } from "../helpers/doc-commands";
import { execute } from "../helpers/pulumi-run";

/**
 * The commands of the README and docs/ that run in this repository (COVERAGE's `here`), run as
 * written, block by block in the pages' order, on a fresh copy of it: the files git has (and
 * new ones it does not ignore), no build, no state, no `pulumi login` (an empty PULUMI_HOME), no
 * backend, passphrase or Smile ID variable. `pulumi` is the docs' shell function around `npm run
 * pulumi --`; `npm ci` is the one stand-in: the copy shares the repository's installed
 * node_modules, which a real `npm ci` would replace (.ci/run runs it on every fresh clone).
 */
const root = path.resolve(__dirname, "../..");
const CLI_TIMEOUT = 180_000;
const PREAMBLE = [
  "set -e",
  'pulumi() { npm run --silent pulumi -- "$@"; }',
  'npm() { if [ "$1" = ci ]; then echo "(npm ci: the copy shares the installed node_modules)"; else command npm "$@"; fi; }',
].join("\n");
/** What a user types at the prompt of `pulumi config set --secret smileid:apiKey`. */
const TYPED_KEY = "sk-docs-typed-key";

let base: string;
let copy: string;
let env: Record<string, string | undefined>;

/** A port nothing listens on now, for `npm run up`'s emulator (8788 may be a developer's). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), "smile-links-docs-"));
  copy = path.join(base, "pulumi-smile-links");
  const { stdout } = await promisify(execFile)(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  );
  for (const file of stdout.split("\0").filter((name) => name !== "")) {
    await cp(path.join(root, file), path.join(copy, file), { recursive: true }).catch(
      (error: NodeJS.ErrnoException) => {
        // A file git tracks that the work tree has deleted is not part of the copy.
        if (error.code !== "ENOENT") throw error;
      },
    );
  }
  await symlink(path.join(root, "node_modules"), path.join(copy, "node_modules"));
  const pulumiHome = path.join(base, "pulumi-home");
  await mkdir(pulumiHome);
  env = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(npm_|INIT_CWD$|SMILE_ID_|PULUMI_)/i.test(name),
      ),
    ),
    PULUMI_HOME: pulumiHome,
    SMILE_LINKS_PULUMI: inject("pulumiBinary"),
    SMILE_LINKS_EMULATOR_PORT: String(await freePort()),
    // index.ts's type-check is test/engine/root-project.test.ts's concern; here it would cost
    // seconds for each program run.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
}, 120_000);
afterAll(() => (base ? rm(base, { recursive: true, force: true }) : undefined));

/** The `here` commands of each code block, in the pages' order. */
const blocks = Object.values(
  documentedCommands()
    .filter((command) => "here" in (COVERAGE[keyOf(command)] ?? {}))
    .reduce<Record<string, DocCommand[]>>((grouped, command) => {
      (grouped[`${command.page}:${command.block}`] ??= []).push(command);
      return grouped;
    }, {}),
).map((commands) => ({
  where: `${commands[0]!.page} › ${commands[0]!.section}`,
  script: commands.map((command) => command.command).join("\n"),
}));

/** Runs a shell script in the copy, as a user types it there. */
const inCopy = (script: string, input = "") =>
  execute("bash", ["-c", `${PREAMBLE}\n${script}`], { cwd: copy, env, input });

describe("the docs' commands on a fresh copy of the repository", { timeout: CLI_TIMEOUT }, () => {
  it.each(blocks)("$where: $script", async ({ script }) => {
    const result = await inCopy(script, `${TYPED_KEY}\n`);
    expect(result.code, result.output).toBe(0);
  });

  it("kept every stack in npm run up's backend, .smile-links/state, and no key in the clear", async () => {
    const result = await inCopy("npm run --silent pulumi -- stack ls --json");
    expect(result.code, result.output).toBe(0);
    const names = (JSON.parse(result.stdout) as { name: string }[]).map((stack) => stack.name);
    expect(names.sort()).toEqual(["dev", "production", "sandbox"]);
    const config = await inCopy("npm run --silent pulumi -- config --json --stack production");
    expect(config.stdout).not.toContain(TYPED_KEY);
    expect(JSON.parse(config.stdout)["smileid:apiKey"]).toMatchObject({ secret: true });
  });

  it("answers a command on a stack that does not exist with one line naming the command that creates it", async () => {
    const result = await inCopy("npm run --silent pulumi -- preview --stack staging");
    expect(result.code).not.toBe(0);
    const backend = `file://${path.join(copy, ".smile-links", "state")}`;
    expect(result.output).toBe(
      `pulumi: no stack named 'staging' in ${backend}: create it with ` +
        "`npm run pulumi -- stack init staging`.\n",
    );
  });
});
