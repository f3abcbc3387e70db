import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { heldLinks, type HeldLink } from "./audit-state";
import { UsageError } from "./usage-error";

/** Output of `pulumi stack export` can be large: several KB a link (docs/performance.md). */
const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

/** The links of stacks exported to files by `pulumi stack export --file` (or `>`). */
export async function linksFromStateFiles(files: readonly string[]): Promise<HeldLink[]> {
  const perFile = await Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read state file ${file}: ${error.code ?? error.message}`);
      });
      return heldLinks(parse(text, file), file, undefined, stackOfFile(file));
    }),
  );
  return perFile.flat();
}

/** A file's name without its directory and `.json`: the stack name when no URN says it. */
function stackOfFile(file: string): string {
  return path.basename(file).replace(/\.json$/i, "");
}

/**
 * The links of stacks exported by the Pulumi CLI: `pulumi stack export --stack NAME`, run in
 * `cwd` with this process's environment (backend, passphrase, PULUMI_HOME). The CLI is
 * `$SMILE_LINKS_PULUMI` when set (as the project's scripts use it), else `pulumi` on PATH. A
 * plain export leaves secrets encrypted, so no secret is ever decrypted here.
 */
export async function linksFromStacks(
  stacks: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HeldLink[]> {
  const pulumi = env.SMILE_LINKS_PULUMI || "pulumi";
  const perStack = await Promise.all(
    stacks.map(async (stack) => {
      const text = await exportStack(pulumi, stack, cwd, env);
      return heldLinks(parse(text, `stack ${stack}`), `stack ${stack}`, stack);
    }),
  );
  return perStack.flat();
}

function exportStack(
  pulumi: string,
  stack: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const args = ["stack", "export", "--stack", stack, "--non-interactive"];
  return new Promise((resolve, reject) => {
    execFile(pulumi, args, { cwd, env, maxBuffer: MAX_EXPORT_BYTES }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === "ENOENT"
          ? `${pulumi} was not found (install the Pulumi CLI, or set SMILE_LINKS_PULUMI to it)`
          : (stderr.trim().split("\n").pop() ?? error.message);
      reject(
        new UsageError(
          `cannot export stack ${stack} (${pulumi} ${args.join(" ")} in ${cwd}): ${why}`,
        ),
      );
    });
  });
}

function parse(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not JSON (${(error as Error).message})`);
  }
}
