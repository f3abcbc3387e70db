import path from "node:path";
import { formatProblem, loadLinksFile, type LinksFileProblem } from "../links-file/load";
import type { CatalogMode } from "../link/catalog";
import type { Environment } from "../link/types";
import type { CliIo } from "./io";
import { readLinksText } from "./links-text";

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

/** A file given that is no file to read (a directory, missing, unreadable): a usage error. */
interface UsageProblem {
  file: string;
  message: string;
}

/**
 * Checks links files offline with the provider's own rules, each link judged as a create, as
 * the preview of a new stack judges it (an adoption is no create: see model/validate.ts). Prints every problem as
 * `file:line:column: message` (`file: message` for a file that is not YAML text at all: too
 * large, binary), and `file: message` on standard error for a path that is no readable file.
 * Every file is checked, whatever the others hold. Exit 0 when all are valid, 1 when a file is
 * not a valid links file, 2 (a usage error) when a path is a directory or cannot be read.
 * `--json` prints one object: `{ valid, files, errors }`, `errors` the usage problems.
 */
export async function runValidate(
  files: string[],
  options: ValidateOptions,
  { stdout, stderr, cwd }: CliIo,
): Promise<number> {
  const reports: FileReport[] = [];
  const errors: UsageProblem[] = [];
  for (const file of files) {
    const read = await readLinksText(path.resolve(cwd, file));
    if ("usage" in read) {
      errors.push({ file, message: read.usage });
      continue;
    }
    if ("problem" in read) {
      const problem = { file, line: 0, column: 0, message: read.problem };
      reports.push({ file, links: 0, problems: [problem], warnings: [] });
      continue;
    }
    const { links, problems, warnings } = loadLinksFile(read.text, file, {
      ...options,
      surface: "cli",
      asNew: true,
    });
    reports.push({ file, links: links.length, problems, warnings });
  }
  const problems = reports.flatMap((report) => report.problems);
  const valid = problems.length === 0 && errors.length === 0;
  if (options.json) {
    stdout.write(`${JSON.stringify({ valid, files: reports, errors })}\n`);
  } else {
    for (const warning of reports.flatMap((report) => report.warnings)) {
      stdout.write(`warning: ${formatProblem(warning)}\n`);
    }
    for (const problem of problems) stdout.write(`${formatProblem(problem)}\n`);
    for (const error of errors) stderr.write(`${error.file}: ${error.message}\n`);
    const links = reports.reduce((sum, report) => sum + report.links, 0);
    stderr.write(
      valid
        ? `ok: ${links} link(s) in ${files.length} file(s)\n`
        : `${problems.length + errors.length} problem(s) in ${files.length} file(s)\n`,
    );
  }
  if (errors.length > 0) return 2;
  return problems.length === 0 ? 0 : 1;
}
