import type { LinkLocation } from "../link/location";
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
  const rows = [COLUMNS.map((column) => column.toUpperCase()), ...report.findings.map(cells)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const table = report.findings.length
    ? rows.map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join("  ")
          .trimEnd(),
      )
    : [];
  return [...table, summary(report)].join("\n") + "\n";
}

/** A Markdown table for a pull request or a ticket, then the summary. */
export function renderMarkdown(report: AuditReport): string {
  // Cells hold names typed in the portal: no table break, no HTML in a pull request comment.
  const escape = (cell: string) =>
    cell.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;");
  const code = (cell: string) => (cell === "-" ? cell : `\`${cell.replace(/`/g, "'")}\``);
  const lines = [`### Smile Links audit: ${report.ok ? "clean" : "findings"}`, ""];
  if (report.findings.length) {
    lines.push(`| ${COLUMNS.join(" | ")} |`, `| ${COLUMNS.map(() => "---").join(" | ")} |`);
    for (const finding of report.findings) {
      const [kind, refId, stack, resource, detail] = cells(finding);
      const row = [kind!, code(refId!), stack!, resource!, detail!].map(escape);
      lines.push(`| ${row.join(" | ")} |`);
    }
    lines.push("");
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
