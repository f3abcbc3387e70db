import { readFile, stat } from "node:fs/promises";

/** Far larger than any links file a team reviews (docs/performance.md: a file of 1,000 links). */
export const MAX_LINKS_FILE_BYTES = 1024 * 1024;

/**
 * A links file's text; or why it is not a links file (`problem`: too large, binary, not UTF-8),
 * or why there is no file to read at all (`usage`: a directory, missing, unreadable).
 */
export type LinksText = { text: string } | { problem: string } | { usage: string };

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
};

export async function readLinksText(file: string): Promise<LinksText> {
  const cannotRead = (error: NodeJS.ErrnoException) => {
    const code = error.code ?? "error";
    return { usage: `cannot read it (${code}: ${READ_ERRORS[code] ?? error.message})` };
  };
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { usage: "is a directory; give the links files in it" };
    if (!info.isFile()) return { usage: "is not a regular file" };
    const tooLarge = sizeProblem(info.size);
    if (tooLarge) return { problem: tooLarge };
    bytes = await readFile(file);
  } catch (error) {
    return cannotRead(error as NodeJS.ErrnoException);
  }
  return decodeLinksText(bytes);
}

/** The text of a links file's bytes, read from disk or from git. */
export function decodeLinksText(bytes: Buffer): { text: string } | { problem: string } {
  const tooLarge = sizeProblem(bytes.length);
  if (tooLarge) return { problem: tooLarge };
  if (bytes.includes(0)) return { problem: "is a binary file, not YAML text" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { problem: "is not UTF-8 text" };
  }
}

/** Why a file of `size` bytes is no links file, if it is too large to be one. */
export function sizeProblem(size: number): string | undefined {
  return size > MAX_LINKS_FILE_BYTES
    ? `is ${size} bytes; a links file may be at most 1 MiB`
    : undefined;
}
