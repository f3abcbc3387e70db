import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { StoredLink } from "./stored-link";

/** The data file's layout; `version` lets a later emulator read or refuse an older file. */
interface DataFile {
  version: 1;
  links: StoredLink[];
}

function looksLikeLink(value: unknown): value is StoredLink {
  const link = value as Partial<StoredLink> | null;
  return (
    typeof link === "object" &&
    link !== null &&
    typeof link.ref_id === "string" &&
    typeof link.name === "string" &&
    Array.isArray(link.id_types)
  );
}

/** The links saved in `file`, none if it does not exist yet; a damaged file is an error. */
export async function readDataFile(file: string): Promise<StoredLink[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  let data: Partial<DataFile>;
  try {
    data = JSON.parse(text) as Partial<DataFile>;
  } catch (error) {
    throw new Error(`emulator data file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (data?.version !== 1 || !Array.isArray(data.links) || !data.links.every(looksLikeLink)) {
    throw new Error(`emulator data file ${file} is not a version 1 file of links`);
  }
  return data.links;
}

/**
 * Replaces `file` atomically: the data goes to a temporary file in the same directory (so the
 * rename stays on one file system), is flushed to disk, and is then renamed over the old file.
 * A reader, or a restart after a crash, sees the old file or the new one, never half of one.
 */
export async function writeDataFile(file: string, links: StoredLink[]): Promise<void> {
  const data: DataFile = { version: 1, links };
  const temporary = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(JSON.stringify(data, null, 2) + "\n", "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
