import { readFile } from "node:fs/promises";
import { formatProblem, loadLinksFile, type LinksFileProblem } from "../links-file/load";
import type { CatalogMode } from "../model/catalog";
import type { Environment } from "../model/types";
import { UsageError } from "./usage-error";

export interface ValidateOptions {
  json?: boolean;
  environment: Environment;
  catalog: CatalogMode;
}

interface FileReport {
  file: string;
  links: number;
  problems: LinksFileProblem[];
  warnings: LinksFileProblem[];
}

/**
 * Checks links files offline with the provider's own rules. Prints every problem as
 * `file:line:column: message`; exit 0 when all are valid, 1 otherwise, and 2 (a usage
 * error) for a file that cannot be read.
 */
export async function runValidate(files: string[], options: ValidateOptions): Promise<number> {
  const reports: FileReport[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
    });
    const { links, problems, warnings } = loadLinksFile(text, file, options);
    reports.push({ file, links: links.length, problems, warnings });
  }
  const problems = reports.flatMap((report) => report.problems);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ valid: problems.length === 0, files: reports })}\n`);
  } else {
    for (const warning of reports.flatMap((report) => report.warnings)) {
      process.stdout.write(`warning: ${formatProblem(warning)}\n`);
    }
    for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
    const links = reports.reduce((sum, report) => sum + report.links, 0);
    process.stderr.write(
      problems.length === 0
        ? `ok: ${links} link(s) in ${files.length} file(s)\n`
        : `${problems.length} problem(s) in ${files.length} file(s)\n`,
    );
  }
  return problems.length === 0 ? 0 : 1;
}
