import { LineCounter, parseDocument } from "yaml";
import { messageOf } from "../errors";
import type { CatalogMode } from "../link/catalog";
import type { Surface } from "../link/hints";
import type { Failure } from "../link/failures";
import type { Environment, SmileLinkInputs } from "../link/types";
import { checkLinkInputs } from "../link/check";
import { readDefaults, unknownKey } from "./defaults";
import { duplicateKeyProblem, duplicateKeys } from "./duplicate-keys";
import { linkEntries } from "./link-entries";
import { deepestNode, pathSegments, positionOf, type YamlPath } from "./locate";
import { isPlainObject } from "../link/plain-object";

/** One problem of a links file, pointed at its line. */
export interface LinksFileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A link of the file: its Pulumi resource name and its checked inputs, `defaults` merged in. */
export interface LinksFileEntry {
  name: string;
  inputs: SmileLinkInputs;
}

export interface LinksFileResult {
  links: LinksFileEntry[];
  problems: LinksFileProblem[];
  /** ID types the catalog does not list, when the catalog mode is `warn`. */
  warnings: LinksFileProblem[];
}

export interface LoadOptions {
  /** Decides the https rule; default sandbox. */
  environment?: Environment;
  /** Smile ID's ID-type catalog: strict (default), warn or off. */
  catalog?: CatalogMode;
  /** Where the messages are read: hints name a config key in a program (default), a flag on the CLI. */
  surface?: Surface;
  /**
   * Judge every link as a create, as the preview of a new stack does (`smile-links validate`);
   * by default the rules for a new link only (an expiry in the future) are left to `check`,
   * which knows which links exist.
   */
  asNew?: boolean;
}

const TOP_LEVEL_KEYS = ["defaults", "links"];
/** The yaml library's own default: a links file needs few aliases, if any. */
const MAX_ALIAS_COUNT = 100;

/**
 * `file:line:column: message`, the form editors and CI logs link to; `file: message` for a
 * problem of the whole file (line 0).
 */
export function formatProblem(problem: LinksFileProblem): string {
  if (problem.line === 0) return `${problem.file}: ${problem.message}`;
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/**
 * Parses and checks a links file (docs/links-files.md) with the same rules as the
 * provider's `check`, reporting every problem with its line: YAML syntax, duplicate and
 * unknown keys, and each link's inputs after `defaults` are merged under it (a link's own
 * value wins; `idTypes` and `partnerParams` are replaced, not merged). A key given twice is
 * reported with both places, and the file is still checked (the last value counts; a link
 * given twice is checked twice). The expiry-in-the-future rule applies with `asNew` only,
 * since a file cannot tell which links exist.
 */
export function loadLinksFile(
  text: string,
  file: string,
  options: LoadOptions = {},
): LinksFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const problems: LinksFileProblem[] = [];
  const warnings: LinksFileProblem[] = [];
  const at = (path: YamlPath, message: string, start: unknown = doc.contents) => ({
    file,
    ...positionOf(deepestNode(start, path), lines),
    message,
  });
  const report = (path: YamlPath, message: string) => problems.push(at(path, message));

  for (const error of doc.errors) {
    const { line, col } = lines.linePos(error.pos[0]);
    problems.push({ file, line, column: col, message: `YAML: ${error.message.split("\n")[0]}` });
  }
  if (doc.errors.length > 0) return { links: [], problems, warnings };

  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // An alias bomb (aliases that expand to millions of nodes) is refused, not expanded.
    const why = messageOf(error);
    const message = /alias/i.test(why)
      ? `YAML: too many aliases to expand (at most ${MAX_ALIAS_COUNT} per document)`
      : `YAML: ${why}`;
    problems.push({ file, line: 1, column: 1, message });
    return { links: [], problems, warnings };
  }
  for (const duplicate of duplicateKeys(doc, lines)) {
    problems.push({ file, ...duplicateKeyProblem(duplicate) });
  }
  if (!isPlainObject(root)) {
    report([], "a links file is a map with `links` (and optionally `defaults`)");
    return { links: [], problems: inLineOrder(problems), warnings };
  }
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.includes(key)) report([key], unknownKey(key, TOP_LEVEL_KEYS));
  }
  const { known: knownDefaults, meant } = readDefaults(root.defaults ?? {}, report);
  if (!isPlainObject(root.links)) {
    report(["links"], "links: is required: a map from each link's resource name to its inputs");
    return { links: [], problems: inLineOrder(problems), warnings };
  }

  const links: LinksFileEntry[] = [];
  for (const { name, node, own } of linkEntries(doc, MAX_ALIAS_COUNT)) {
    const atLink = (path: YamlPath, message: string) => at(path, message, node);
    if (!isPlainObject(own)) {
      problems.push(atLink([], `links.${name}: must be a map of link inputs`));
      continue;
    }
    const setByProvider = ["resourceKey", "__resourceKey"].find((key) => key in own);
    if (setByProvider) {
      problems.push(
        atLink([setByProvider], `links.${name}.${setByProvider}: is set by the provider`),
      );
      continue;
    }
    const merged = { ...knownDefaults, ...own };
    const outcome = checkLinkInputs(merged, {
      environment: options.environment ?? "sandbox",
      creating: options.asNew ?? false,
      catalog: options.catalog,
      surface: options.surface,
    });
    const field = (failure: Failure) => String(pathSegments(failure.property)[0]);
    // A failure is pointed at the link's own value, or at the default it inherited.
    const located = (failure: Failure) => {
      const segments = pathSegments(failure.property);
      if (segments.length > 0 && !(field(failure) in own) && field(failure) in merged) {
        const label = `defaults.${failure.property} (used by links.${name})`;
        return at(["defaults", ...segments], `${label}: ${failure.reason}`);
      }
      const label = `links.${name}${failure.property ? `.${failure.property}` : ""}`;
      return atLink(segments, `${label}: ${failure.reason}`);
    };
    if (outcome.ok) {
      links.push({ name, inputs: outcome.inputs });
      warnings.push(...outcome.warnings.map(located));
    } else {
      // A link lacking what a misspelled default meant to give it: reported at the defaults.
      const ownProblems = outcome.failures.filter(
        (failure) => !(meant.has(field(failure)) && !(field(failure) in merged)),
      );
      problems.push(...ownProblems.map(located));
    }
  }
  return { links, problems: inLineOrder(problems), warnings: inLineOrder(warnings) };
}

function inLineOrder(problems: LinksFileProblem[]): LinksFileProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
