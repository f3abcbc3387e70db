import type { LinkLocation } from "../link/location";
import { markdownCell, markdownCodeCell, markdownTable, textTable } from "./tables";
import { countFindings, FINDING_KINDS, type Finding, type FindingKind } from "./audit-compare";

/** What one audit found, as `--json` prints it. */
export interface AuditReport {
  ok: boolean;
  findings: Finding[];
  counts: Record<FindingKind, number>;
  /** The account audited. */
  audited: LinkLocation;
  /** The stacks given (names, or state files), and how many links the account and they have. */
  stacks: string[];
  links: { account: number; held: number };
  /** HTTP requests sent to the API: list pages, gets of held links it did not list, retries. */
  apiCalls: number;
}

export function buildReport(
  findings: Finding[],
  facts: Omit<AuditReport, "ok" | "findings" | "counts">,
): AuditReport {
  return { ok: findings.length === 0, findings, counts: countFindings(findings), ...facts };
}

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const COLUMNS = ["kind", "refId", "stack", "resource", "detail"] as const;

const cells = (finding: Finding) =>
  COLUMNS.map((column) => (finding[column] ?? "-").replace(/\s+/g, " "));

/** A plain-text table, columns padded, then a summary line. */
export function renderTable(report: AuditReport): string {
  const header = COLUMNS.map((column) => column.toUpperCase());
  const table = report.findings.length ? textTable(header, report.findings.map(cells)) : [];
  return [...table, summary(report)].join("\n") + "\n";
}

/** A Markdown table for a pull request or a ticket, then the summary. */
export function renderMarkdown(report: AuditReport): string {
  const code = (cell: string) => (cell === "-" ? cell : markdownCodeCell(cell));
  const lines = [`### Smile Links audit: ${report.ok ? "clean" : "findings"}`, ""];
  if (report.findings.length) {
    const rows = report.findings.map((finding) => {
      const [kind, refId, stack, resource, detail] = cells(finding);
      return [markdownCell(kind!), code(refId!), ...[stack!, resource!, detail!].map(markdownCell)];
    });
    lines.push(...markdownTable(COLUMNS, rows), "");
  }
  lines.push(summary(report));
  return lines.join("\n") + "\n";
}

function summary(report: AuditReport): string {
  const found = report.ok
    ? "No findings"
    : `${report.findings.length} finding(s): ` +
      FINDING_KINDS.filter((kind) => report.counts[kind] > 0)
        .map((kind) => `${report.counts[kind]} ${kind}`)
        .join(", ");
  const { apiUrl, partnerId } = report.audited;
  return (
    `${found}. Audited ${report.links.account} link(s) at ${apiUrl} (partner ${partnerId}) ` +
    `against ${report.stacks.length} stack(s) holding ${report.links.held} link(s), ` +
    `in ${report.apiCalls} API call(s).`
  );
}
