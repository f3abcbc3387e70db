// The benchmark's readable report: the machine, one row per metric with its target, and the
// details behind the numbers.

/**
 * @typedef {object} Row
 * @property {string} metric
 * @property {number | null} value
 * @property {string} shown the value as printed
 * @property {number | undefined} max the target (met when value <= max); undefined: no target
 * @property {string} how where the number comes from
 */

/**
 * @param {object} report
 * @param {Record<string, string>} report.machine
 * @param {Row[]} report.rows
 * @param {{ title: string; headers: string[]; rows: string[][] }[]} report.sections
 * @returns {string}
 */
export function formatReport({ machine, rows, sections }) {
  const out = [
    "Smile Links benchmark",
    ...Object.entries(machine).map(([key, value]) => `  ${`${key}:`.padEnd(10)} ${value}`),
    "",
    table(
      ["metric", "value", "target", "result", "how"],
      rows.map((row) => [
        row.metric,
        row.shown,
        row.max === undefined
          ? "-"
          : `≤ ${formatNumber(row.max, Number.isInteger(row.max) ? 0 : 2)}`,
        verdict(row),
        row.how,
      ]),
    ),
  ];
  for (const section of sections) {
    out.push("", section.title, table(section.headers, section.rows));
  }
  return out.join("\n");
}

/** @param {Row} row */
export function verdict(row) {
  if (row.max === undefined) return "-";
  if (row.value === null || Number.isNaN(row.value)) return "NOT MEASURED";
  return row.value <= row.max ? "met" : "MISSED";
}

/**
 * Thousands separators; `digits` decimals.
 *
 * @param {number | null} value
 * @param {number} [digits]
 */
export function formatNumber(value, digits = 0) {
  if (value === null || Number.isNaN(value)) return "n/a";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * Columns padded to their widest cell; numeric-looking cells right-aligned.
 *
 * @param {string[]} headers
 * @param {string[][]} rows
 */
function table(headers, rows) {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const numeric = /^[≤\d.,\s×-]+$|^n\/a$/;
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((cell, column) =>
        column > 0 && numeric.test(cell) && column < cells.length - 1
          ? cell.padStart(widths[column])
          : cell.padEnd(widths[column]),
      )
      .join("  ")
      .trimEnd();
  return [
    line(headers),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(row)),
  ].join("\n");
}
