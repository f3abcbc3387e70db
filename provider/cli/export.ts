import { writeFile } from "node:fs/promises";
import path from "node:path";
import { linksToLinksFile } from "../links-file/export";
import { accountClient } from "./account";
import type { CliIo } from "./io";

export interface ExportCommandOptions {
  out?: string;
  includeDisabled?: boolean;
  /** Seconds to wait for each answer. */
  timeout?: string;
}

/**
 * Lists every link of the account the environment variables name (all pages) and writes
 * them as a links file whose `adoptRefId`s let `pulumi up` adopt them unchanged.
 */
export async function runExport(options: ExportCommandOptions, io: CliIo): Promise<number> {
  const client = accountClient(
    { timeoutSeconds: { flag: "--timeout", value: options.timeout } },
    io,
  );
  const { apiUrl, partnerId } = client;
  const links = await client.list();
  const header =
    `Exported from ${apiUrl} (partner ${partnerId}) on ${new Date().toISOString()}: ` +
    "`pulumi up` adopts these links without changing them.";
  const text = linksToLinksFile(links, { includeDisabled: options.includeDisabled, header });
  if (options.out) await writeFile(path.resolve(io.cwd, options.out), text);
  else io.stdout.write(text);
  const kept = options.includeDisabled ? links : links.filter((link) => !link.isDisabled);
  io.stderr.write(
    `exported ${kept.length} link(s)` +
      (kept.length < links.length
        ? `; ${links.length - kept.length} disabled left out (--include-disabled keeps them)`
        : "") +
      "\n",
  );
  return 0;
}
