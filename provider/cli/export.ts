import path from "node:path";
import { linksToLinksFile } from "../links-file/export";
import { accountClient } from "./account";
import type { CliIo } from "./io";
import { checkOutFile, writeOutFile } from "./out-file";

export interface ExportCommandOptions {
  out?: string;
  /** Replace the `--out` file when it exists. */
  force?: boolean;
  includeDisabled?: boolean;
  /** Seconds to wait for each answer. */
  timeout?: string;
}

/**
 * Lists every link of the account the environment variables name (all pages) and writes
 * them as a links file whose `adoptRefId`s let `pulumi up` adopt them unchanged. An existing
 * `--out` file is refused before any request, unless `--force`.
 */
export async function runExport(options: ExportCommandOptions, io: CliIo): Promise<number> {
  const client = accountClient(
    { timeoutSeconds: { flag: "--timeout", value: options.timeout } },
    io,
  );
  const { apiUrl, partnerId } = client;
  const out = options.out && { file: path.resolve(io.cwd, options.out), shown: options.out };
  const force = options.force ?? false;
  if (out) await checkOutFile(out.file, out.shown, force);
  const links = await client.list();
  const header =
    `Exported from ${apiUrl} (partner ${partnerId}) on ${new Date().toISOString()}: ` +
    "`pulumi up` adopts these links without changing them.";
  const text = linksToLinksFile(links, { includeDisabled: options.includeDisabled, header });
  if (out) await writeOutFile(out.file, out.shown, text, force);
  else io.stdout.write(text);
  const kept = options.includeDisabled ? links : links.filter((link) => !link.isDisabled);
  const leftOut = links.length - kept.length;
  const disabledNote =
    leftOut > 0 ? `${leftOut} disabled left out (--include-disabled keeps them)` : "";
  if (kept.length === 0) {
    io.stderr.write(
      `exported 0 links: ${apiUrl} (partner ${partnerId}) has no ` +
        (leftOut > 0 ? `enabled links; ${disabledNote}` : "links") +
        ". If you expected some, check SMILE_ID_ENVIRONMENT, SMILE_ID_API_URL and " +
        "SMILE_ID_PARTNER_ID.\n",
    );
  } else {
    io.stderr.write(`exported ${kept.length} link(s)${disabledNote ? `; ${disabledNote}` : ""}\n`);
  }
  return 0;
}
