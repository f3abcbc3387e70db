import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { hasStatus } from "../errors";
import type { LiveLink } from "../link/types";
import { accountClient } from "./account";
import { compareAccount, refIdsToGet } from "./audit-compare";
import { linksFromStacks, linksFromStateFiles } from "./audit-exports";
import { buildReport, renderJson, renderMarkdown, renderTable } from "./audit-report";
import type { CliIo } from "./io";

export interface AuditOptions {
  state?: string[];
  stack?: string[];
  cwd?: string;
  json?: boolean;
  markdown?: boolean;
  includeDisabled?: boolean;
  /** Seconds to wait for each answer. */
  timeout?: string;
}

/**
 * Compares the account the environment variables name (as `smile-links export` reads them)
 * with the links the given stacks hold. Reads only: it lists every page, then gets each held
 * link the listing did not show, once; a 404 there means "missing". Exits 0 when clean, 1 with
 * findings; the caller (main) turns errors into exit codes.
 */
export async function runAudit(options: AuditOptions, io: CliIo): Promise<number> {
  const client = accountClient(
    { timeoutSeconds: { flag: "--timeout", value: options.timeout } },
    io,
  );
  const held = options.state
    ? await linksFromStateFiles(options.state)
    : await linksFromStacks(options.stack ?? [], options.cwd ?? io.cwd, io.env);
  const location = { apiUrl: client.apiUrl, partnerId: client.partnerId };
  const { result: account, requests } = await countingRequests(async () => {
    const listed = await client.list();
    const found = await Promise.all(
      refIdsToGet(listed, held, location).map((refId) =>
        client.get(refId).catch((error: unknown) => {
          if (hasStatus(error, 404)) return undefined;
          throw error;
        }),
      ),
    );
    return [...listed, ...found.filter((link): link is LiveLink => link !== undefined)];
  });
  const findings = compareAccount({
    account,
    held,
    location,
    now: new Date(),
    includeDisabled: options.includeDisabled,
  });
  const report = buildReport(findings, {
    audited: location,
    stacks: options.stack ?? options.state ?? [],
    links: { account: account.length, held: held.length },
    apiCalls: requests,
  });
  const render = options.json ? renderJson : options.markdown ? renderMarkdown : renderTable;
  io.stdout.write(render(report));
  return report.ok ? 0 : 1;
}

/**
 * Runs `task` and counts the HTTP requests this process starts meanwhile (retries included),
 * from Node's own diagnostics channel: the client needs no counter of its own.
 */
async function countingRequests<T>(
  task: () => Promise<T>,
): Promise<{ result: T; requests: number }> {
  let requests = 0;
  const onRequest = (message: unknown) => {
    if ((message as { request?: ClientRequest }).request) requests += 1;
  };
  subscribe("http.client.request.start", onRequest);
  try {
    return { result: await task(), requests };
  } finally {
    unsubscribe("http.client.request.start", onRequest);
  }
}
