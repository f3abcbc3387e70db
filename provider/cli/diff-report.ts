import { formatProblem, type LinksFileProblem } from "../links-file/load";
import { LINK_ACTIONS, PREVIEW_OPS, type LinkAction, type LinkPlan } from "../links-file/plan";
import { rowsOf } from "./diff-rows";
import { markdownCell, markdownCode, markdownCodeCell, markdownTable, textTable } from "./tables";

/** One pair of links files compared: what a merge would do to each of their links. */
export interface FileDiff {
  /** The base file as given, or `REF:path` for `--base`. */
  base: string;
  head: string;
  /** False when `--base`'s ref does not hold the file: every link of the head file is new. */
  baseExists: boolean;
  counts: Record<LinkAction, number>;
  links: LinkPlan[];
}

/** What `smile-links diff` found: a diff of valid files, or the problems that stop one. */
export type DiffReport = { warnings: LinksFileProblem[] } & (
  | { valid: true; changes: boolean; files: FileDiff[] }
  | { valid: false; problems: LinksFileProblem[] }
);

/** One JSON object (docs/links-files.md); values a file does not set are `null`. */
export function renderJson(report: DiffReport): string {
  if (!report.valid) {
    const { valid, problems, warnings } = report;
    return `${JSON.stringify({ valid, problems, warnings }, null, 2)}\n`;
  }
  const files = report.files.map((file) => ({
    ...file,
    links: file.links.map(({ changes, ...plan }) => ({
      name: plan.name,
      action: plan.action,
      op: PREVIEW_OPS[plan.action],
      changes: changes.map((change) => ({
        ...change,
        old: change.old ?? null,
        new: change.new ?? null,
      })),
      replacedBy: plan.replacedBy,
      ...(plan.adoptRefId ? { adoptRefId: plan.adoptRefId } : {}),
      ...(plan.inputs ? { inputs: plan.inputs } : {}),
    })),
  }));
  const { valid, changes, warnings } = report;
  return `${JSON.stringify({ valid, changes, files, warnings }, null, 2)}\n`;
}

const HEADER = ["LINK", "ACTION", "FIELD", "OLD", "NEW"];

/** For a terminal: each file's changed links as a padded table, then its counts. */
export function renderTable(report: DiffReport): string {
  const lines = report.warnings.map((warning) => `warning: ${formatProblem(warning)}`);
  if (!report.valid) {
    lines.push(...report.problems.map(formatProblem), invalidSummary(report.problems));
    return lines.join("\n") + "\n";
  }
  for (const file of report.files) {
    if (lines.length > 0) lines.push("");
    lines.push(`${baseLabel(file)} -> ${file.head}`);
    const rows = file.links.flatMap(rowsOf).map((row) => {
      const field = row.replaces ? `${row.field} (replaces)` : row.field;
      return [row.link, row.action, field, row.old, row.new].map(plain);
    });
    if (rows.length > 0) lines.push(...textTable(HEADER, rows));
    lines.push(countsLine(file));
  }
  return lines.join("\n") + "\n";
}

/** For a pull request comment: a heading, each file's table and counts, and how to read them. */
export function renderMarkdown(report: DiffReport): string {
  if (!report.valid) {
    const listed = report.problems.map(
      (problem) => `- ${markdownCode(location(problem))}: ${markdownCell(problem.message)}`,
    );
    const lines = [
      "### Smile Links diff: the links files have problems",
      "",
      `${invalidSummary(report.problems)} (\`smile-links validate\` shows the same):`,
      "",
      ...listed,
      ...warningsBlock(report.warnings),
    ];
    return lines.join("\n") + "\n";
  }
  const changed = report.files.flatMap((file) => file.links).filter(isChange).length;
  const lines = [
    `### Smile Links diff: ${changed === 0 ? "no changes" : `${changed} link(s) change`}`,
  ];
  for (const file of report.files) {
    const pair = `${markdownCode(baseLabel(file))} → ${markdownCode(file.head)}`;
    lines.push("", `${pair}: ${countsLine(file)}`);
    const rows = file.links
      .flatMap(rowsOf)
      .map((row) => [
        markdownCodeCell(row.link),
        row.action,
        `${markdownCodeCell(row.field)}${row.replaces ? " (replaces)" : ""}`,
        markdownCell(row.old),
        markdownCell(row.new),
      ]);
    const header = HEADER.map((column) => column.toLowerCase());
    if (rows.length > 0) lines.push("", ...markdownTable(header, rows));
  }
  lines.push(
    "",
    "_From the links files alone: what `pulumi up` does when the stack holds what the base file " +
      "says. A link removed from the file is disabled (delete means disable); a field marked " +
      "(replaces) makes a new link, created before the old one is disabled._",
    ...warningsBlock(report.warnings),
  );
  return lines.join("\n") + "\n";
}

const isChange = (plan: LinkPlan) => plan.action !== "unchanged";

/** Whitespace folded: a cell is one line. */
function plain(cell: string): string {
  return cell.replace(/\s+/g, " ");
}

function baseLabel(file: FileDiff): string {
  return file.baseExists ? file.base : `${file.base} (new file)`;
}

function countsLine(file: FileDiff): string {
  const counted = LINK_ACTIONS.filter((action) => file.counts[action] > 0).map(
    (action) => `${file.counts[action]} ${action}`,
  );
  return counted.length === 0 ? "no links in either file." : `${counted.join(", ")}.`;
}

function invalidSummary(problems: readonly LinksFileProblem[]): string {
  return `${problems.length} problem(s): no diff until the links files are valid`;
}

function location(problem: LinksFileProblem): string {
  return problem.line === 0 ? problem.file : `${problem.file}:${problem.line}:${problem.column}`;
}

function warningsBlock(warnings: readonly LinksFileProblem[]): string[] {
  if (warnings.length === 0) return [];
  return [
    "",
    "Warnings:",
    "",
    ...warnings.map((w) => `- ${markdownCode(location(w))}: ${markdownCell(w.message)}`),
  ];
}
