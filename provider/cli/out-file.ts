import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, copyFile, link, open, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "./usage-error";

/**
 * Writing a command's output file (`export --out`) so that a file is never replaced unless the
 * user asked (`--force`), and never left half-written: the text goes to a temporary file in the
 * same directory, flushed to disk, which then takes the file's name in one step.
 */

/**
 * Refuses, before any work, an output file that exists (without `--force`) or is a directory,
 * and one whose folder is missing or cannot be written in.
 */
export async function checkOutFile(file: string, shown: string, force: boolean): Promise<void> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw unusable(shown, file, error);
  });
  if (info?.isDirectory()) throw new UsageError(`--out ${shown}: is a directory; give a file.`);
  if (info && !force) throw exists(shown);
  await access(path.dirname(file), constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    throw unusable(shown, file, error);
  });
}

/** Why the file cannot be written, naming the folder when it is the folder's fault. */
function unusable(shown: string, file: string, error: NodeJS.ErrnoException): UsageError {
  const folder = path.dirname(file);
  if (error.code === "ENOENT" || error.code === "ENOTDIR") {
    return new UsageError(
      `--out ${shown}: the folder ${folder} does not exist; create it or give another --out.`,
    );
  }
  return new UsageError(
    `--out ${shown}: cannot write it (${error.code ?? error.message}); check the permissions ` +
      `of ${folder} or give another --out.`,
  );
}

function exists(shown: string): UsageError {
  return new UsageError(
    `${shown} exists, and export does not replace a file unless asked: give --force to ` +
      "replace it, or another --out.",
  );
}

/** Hard links may be missing on a file system (FAT, some network shares). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

/**
 * Writes `text` to `file` whole or not at all. With `force` an existing file is replaced (its
 * mode kept); without, a file that appeared since `checkOutFile` is left alone and refused.
 */
export async function writeOutFile(
  file: string,
  shown: string,
  text: string,
  force: boolean,
): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  const previous = force ? await stat(file).catch(() => undefined) : undefined;
  // The folder was checked before the API was asked; it may have changed since.
  const handle = await open(temporary, "wx", previous ? previous.mode & 0o777 : 0o666).catch(
    (error: NodeJS.ErrnoException) => {
      throw unusable(shown, file, error);
    },
  );
  try {
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (force) return await rename(temporary, file);
    // A hard link takes the name only if nothing holds it, whatever appeared meanwhile.
    await link(temporary, file).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") throw exists(shown);
      if (!NO_HARD_LINKS.has(error.code ?? "")) throw error;
      await copyFile(temporary, file, constants.COPYFILE_EXCL).catch(
        (copy: NodeJS.ErrnoException) => {
          throw copy.code === "EEXIST" ? exists(shown) : copy;
        },
      );
    });
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
