import { writeFile } from "node:fs/promises";
import { SmileLinksClient } from "../client/client";
import { linksToLinksFile } from "../links-file/export";
import { requireCredentials, resolveSettings } from "../settings";

export interface ExportOptions {
  out?: string;
  includeDisabled?: boolean;
}

/**
 * Lists every link of the account the environment variables name (all pages) and writes
 * them as a links file whose `adoptRefId`s let `pulumi up` adopt them unchanged.
 */
export async function runExport(options: ExportOptions): Promise<number> {
  const { apiUrl, partnerId, apiKey } = requireCredentials(
    resolveSettings(() => undefined),
    "environment",
  );
  const client = new SmileLinksClient({ apiUrl, partnerId, apiKey });
  const links = await client.list();
  const header =
    `Exported from ${apiUrl} (partner ${partnerId}) on ${new Date().toISOString()}: ` +
    "`pulumi up` adopts these links without changing them.";
  const text = linksToLinksFile(links, { includeDisabled: options.includeDisabled, header });
  if (options.out) await writeFile(options.out, text);
  else process.stdout.write(text);
  const kept = options.includeDisabled ? links : links.filter((link) => !link.isDisabled);
  process.stderr.write(
    `exported ${kept.length} link(s)` +
      (kept.length < links.length
        ? `; ${links.length - kept.length} disabled left out (--include-disabled keeps them)`
        : "") +
      "\n",
  );
  return 0;
}
