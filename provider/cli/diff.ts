import { loadLinksFile, type LinksFileEntry, type LinksFileProblem } from "../links-file/load";
import { countActions, hasChanges, planLinks } from "../links-file/plan";
import type { CatalogMode } from "../link/catalog";
import type { Environment } from "../link/types";
import {
  renderJson,
  renderMarkdown,
  renderTable,
  type DiffReport,
  type FileDiff,
} from "./diff-report";
import { filePair, gitPair, type DiffSource, type SourcePair } from "./diff-sources";
import type { CliIo } from "./io";
import { UsageError } from "./usage-error";

export interface DiffOptions {
  base?: string;
  json?: boolean;
  markdown?: boolean;
  environment: Environment;
  catalog: CatalogMode;
}

/** The links file `--base` compares when no file is given: the root project's default. */
const DEFAULT_LINKS_FILE = "links.yaml";

/**
 * What a merge would do to each link, from the links files alone (docs/links-files.md): either
 * two files, or with `--base REF` each file against the same path at that git ref. Both sides
 * are loaded as `linksFromFile` loads them; if either has a problem, the problems are printed
 * instead of a diff, and it exits 2, as for a usage error: a partial diff would hide links.
 * Otherwise it exits 0 when no link changes, 1 when some do.
 */
export async function runDiff(files: string[], options: DiffOptions, io: CliIo): Promise<number> {
  const pairs = await sourcePairs(files, options, io);
  const warnings: LinksFileProblem[] = [];
  const problems: LinksFileProblem[] = [];
  const load = (source: DiffSource): LinksFileEntry[] => {
    if ("absent" in source) return [];
    if ("problem" in source) {
      problems.push({ file: source.label, line: 0, column: 0, message: source.problem });
      return [];
    }
    const loaded = loadLinksFile(source.text, source.label, {
      environment: options.environment,
      catalog: options.catalog,
      surface: "cli",
    });
    problems.push(...loaded.problems);
    warnings.push(...loaded.warnings);
    return loaded.links;
  };
  const diffs: FileDiff[] = pairs.map(({ base, head }) => {
    const links = planLinks(load(base), load(head));
    const baseExists = !("absent" in base);
    return { base: base.label, head: head.label, baseExists, counts: countActions(links), links };
  });
  const changes = diffs.some((diff) => hasChanges(diff.links));
  const report: DiffReport =
    problems.length > 0
      ? { valid: false, problems, warnings }
      : { valid: true, changes, files: diffs, warnings };
  const render = options.json ? renderJson : options.markdown ? renderMarkdown : renderTable;
  io.stdout.write(render(report));
  if (!report.valid) return 2;
  return changes ? 1 : 0;
}

async function sourcePairs(
  files: string[],
  options: DiffOptions,
  io: CliIo,
): Promise<SourcePair[]> {
  if (options.base === undefined) {
    if (files.length !== 2) {
      throw new UsageError(
        `diff takes BASE_FILE HEAD_FILE, or --base GIT_REF [HEAD_FILE...]; got ${files.length} file(s)`,
      );
    }
    return [await filePair(files[0]!, files[1]!, io.cwd)];
  }
  const heads = files.length > 0 ? files : [DEFAULT_LINKS_FILE];
  const pairs: SourcePair[] = [];
  for (const head of heads) pairs.push(await gitPair(options.base, head, io.cwd, io.env));
  return pairs;
}
