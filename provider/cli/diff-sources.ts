import { execFile } from "node:child_process";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { decodeLinksText, MAX_LINKS_FILE_BYTES, readLinksText, sizeProblem } from "./links-text";
import { UsageError } from "./usage-error";

/**
 * One side of a diff: a links file's text, a file that is no links file (`problem`), or, for
 * `--base`, a file the git ref does not hold (`absent`: all its links are new).
 */
export type DiffSource = { label: string } & (
  { text: string } | { problem: string } | { absent: true }
);

export interface SourcePair {
  base: DiffSource;
  head: DiffSource;
}

/** `diff BASE_FILE HEAD_FILE`: two files on disk; one that cannot be read is a usage error. */
export async function filePair(base: string, head: string, cwd: string): Promise<SourcePair> {
  return { base: await fromDisk(base, cwd), head: await fromDisk(head, cwd) };
}

/**
 * `diff --base REF HEAD_FILE`: the head file from disk, the base from the same path at `ref`
 * in the git repository that holds the head file (`git cat-file`, paths from the repository's
 * root). A ref that names no commit, or a file outside any repository, is a usage error.
 */
export async function gitPair(
  ref: string,
  head: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<SourcePair> {
  // A ref that starts with a dash would be read by git as an option.
  if (ref.startsWith("-")) throw new UsageError(`--base: "${ref}" is not a git ref`);
  const headSource = await fromDisk(head, cwd);
  const file = await realpath(path.resolve(cwd, head));
  const git = gitIn(path.dirname(file), env);
  const top = await git(["rev-parse", "--show-toplevel"]).catch((error: GitError) => {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--base: ${head} is not in a git repository (${gitReason(error)})`);
  });
  const commit = await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
    throw new UsageError(
      `--base: "${ref}" names no commit of the repository at ${top}; in a shallow clone, ` +
        "fetch it first (git fetch origin <branch>)",
    );
  });
  const inRepo = path
    .relative(await realpath(top), file)
    .split(path.sep)
    .join("/");
  const object = `${commit}:${inRepo}`;
  const label = `${ref}:${inRepo}`;
  const kind = await git(["cat-file", "-t", object]).catch(() => undefined);
  if (kind === undefined) return { base: { label, absent: true }, head: headSource };
  if (kind !== "blob") throw new UsageError(`--base: ${label} is a ${kind}, not a file`);
  const tooLarge = sizeProblem(Number(await git(["cat-file", "-s", object])));
  if (tooLarge) return { base: { label, problem: tooLarge }, head: headSource };
  const bytes = await gitBytes(path.dirname(file), env, ["cat-file", "blob", object]);
  return { base: { label, ...decodeLinksText(bytes) }, head: headSource };
}

async function fromDisk(file: string, cwd: string): Promise<DiffSource> {
  const read = await readLinksText(path.resolve(cwd, file));
  if ("usage" in read) throw new UsageError(`${file}: ${read.usage}`);
  return { label: file, ...read };
}

type GitError = Error & { code?: string | number; stderr?: string };

const run = promisify(execFile);

function gitIn(dir: string, env: NodeJS.ProcessEnv) {
  return async (args: string[]): Promise<string> => {
    try {
      const { stdout } = await run("git", args, { cwd: dir, env, encoding: "utf8" });
      return stdout.trim();
    } catch (error) {
      if ((error as GitError).code === "ENOENT") {
        throw new UsageError("--base needs git, which is not on PATH");
      }
      throw error;
    }
  };
}

async function gitBytes(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Buffer> {
  const maxBuffer = MAX_LINKS_FILE_BYTES + 1;
  return (await run("git", args, { cwd: dir, env, encoding: "buffer", maxBuffer })).stdout;
}

function gitReason(error: GitError): string {
  return (error.stderr ?? error.message).trim().split("\n")[0] ?? "git failed";
}
