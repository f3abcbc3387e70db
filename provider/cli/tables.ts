/** The tables the commands print: padded plain text for a terminal, Markdown for a pull request. */

/** Columns padded to their widest cell, two spaces apart, no trailing spaces. */
export function textTable(header: readonly string[], rows: readonly string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  return all.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );
}

/** A Markdown table; the cells are Markdown already (see markdownCell). */
export function markdownTable(header: readonly string[], rows: readonly string[][]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)];
}

/**
 * Text from a links file or an account (names typed by people) in a Markdown table: no table
 * break, no HTML in a pull request comment, no line break.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;");
}

/** Inline code: a backtick inside would end it early. */
export function markdownCode(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * Inline code in a Markdown table cell: GitHub splits a row at every unescaped `|`, inside code
 * too, and shows `\|` there as `|`.
 */
export function markdownCodeCell(text: string): string {
  return markdownCode(text.replace(/\s+/g, " ")).replace(/\|/g, "\\|");
}
