import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every relative link in README.md and docs/*.md points at a file that exists and, when it
 * names an anchor in a Markdown file, at a heading that file has, with GitHub's anchors. The
 * README's relative links point at files the npm package ships, so that they work in
 * node_modules/pulumi-smile-links too.
 */
const root = path.resolve(__dirname, "../..");
const docsDir = path.join(root, "docs");
const pages = [
  "README.md",
  ...readdirSync(docsDir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks, line by line; fenced lines become empty. */
function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker;
      return "";
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
        fence = undefined;
      }
      return "";
    }
    return line;
  });
}

/** A heading's anchor as GitHub makes it: the rendered text, lower-cased, punctuation dropped. */
function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .split(/(`[^`]*`)/)
    .map((part, index) =>
      index % 2 === 1
        ? part.slice(1, -1)
        : part.replace(/(\*\*|__|\*)/g, "").replace(/\\(.)/g, "$1"),
    )
    .join("")
    .trim();
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a Markdown text's headings; a repeated heading gets -1, -2, ... */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The targets of a Markdown text's inline links and images, outside code. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/`[^`]*`/g, "");
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      targets.push(match[1]!);
    }
  }
  return targets;
}

const isExternal = (target: string) =>
  /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/** The file (a path under root) and anchor a relative link of `page` points at. */
function resolveLink(page: string, target: string): { file: string; anchor?: string } {
  const [pathPart = "", anchor] = target.split("#", 2);
  const file =
    pathPart === ""
      ? page
      : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(pathPart)));
  return { file, anchor };
}

/** The relative links of `page` (a path under root) that point at nothing, with why. */
function brokenLinks(page: string, read: (file: string) => string | undefined): string[] {
  const text = read(page) ?? "";
  const broken: string[] = [];
  for (const target of linkTargets(text)) {
    if (isExternal(target)) continue;
    const { file, anchor } = resolveLink(page, target);
    const targetText = read(file);
    if (targetText === undefined) {
      broken.push(`${target}: no file ${file}`);
      continue;
    }
    if (anchor !== undefined && file.endsWith(".md") && !anchorsOf(targetText).has(anchor)) {
      broken.push(`${target}: no heading with anchor #${anchor} in ${file}`);
    }
  }
  return broken;
}

/** A file's text under root, "" for a directory, undefined when nothing is there. */
function readFromRepo(file: string): string | undefined {
  const absolute = path.join(root, file);
  if (!existsSync(absolute)) return undefined;
  return statSync(absolute).isDirectory() ? "" : readFileSync(absolute, "utf8");
}

/** What npm packs whatever "files" says, besides the main file: package.json, README, licence. */
const ALWAYS_PACKED = /^(package\.json|(readme|copying|licen[cs]e)(\.[^/]*)?)$/i;

/**
 * Whether npm packs `file` (a path under root, a file or a directory), by package.json's
 * "files": an entry, a path under one, or a directory that holds one. Entries are paths; a
 * glob would need npm's own matching (`npm pack --dry-run`), so it is refused.
 */
function packedBy(manifest: { files: string[]; main?: string }): (file: string) => boolean {
  const entries = manifest.files.map((entry) => {
    if (/[*?[\]{}!]/.test(entry)) throw new Error(`a glob in package.json "files": ${entry}`);
    return path.posix.normalize(entry).replace(/\/+$/, "");
  });
  if (manifest.main) entries.push(path.posix.normalize(manifest.main));
  return (file) =>
    ALWAYS_PACKED.test(file) ||
    entries.some(
      (entry) => file === entry || file.startsWith(`${entry}/`) || entry.startsWith(`${file}/`),
    );
}

/** The files under root that the relative links of `page` point at, each once. */
function linkedFiles(page: string, text: string): string[] {
  const files = linkTargets(text)
    .filter((target) => !isExternal(target))
    .map((target) => resolveLink(page, target).file);
  return [...new Set(files)];
}

/**
 * The one exception: the README's links into examples/ work in the repository and on GitHub
 * only. The package does not ship the examples: a copy would lack
 * examples/native-typescript/.npmrc, which npm never packs, and a directory entry in "files"
 * would ship whatever an example's install generated (node_modules, sdks, venv).
 */
const REPOSITORY_ONLY = ["examples/"];

describe("relative links in the README and docs/", () => {
  it.each(pages)("every relative link in %s resolves, anchors included", (page) => {
    expect(brokenLinks(page, readFromRepo)).toEqual([]);
  });

  it("every relative link in README.md points at a file the npm package ships", () => {
    const manifest = JSON.parse(readFromRepo("package.json")!) as {
      files: string[];
      main?: string;
    };
    const packed = packedBy(manifest);
    const unshipped = linkedFiles("README.md", readFromRepo("README.md")!).filter(
      (file) => !packed(file) && !REPOSITORY_ONLY.some((prefix) => file.startsWith(prefix)),
    );
    expect(unshipped).toEqual([]);
  });
});

describe("the link check itself", () => {
  const files: Record<string, string> = {
    "README.md": [
      "# Title",
      "## `pulumi import`",
      "## A single-use link's URL in logs",
      "## Our dependency on `@pulumi/pulumi`",
      "## **Running** `__main__.py`",
      "## Repeated",
      "## Repeated",
      "```sh",
      "# not a heading [nor a link](missing.md)",
      "```",
      "See `[code](missing.md)` and [the guide](docs/guide.md#setup).",
    ].join("\n"),
    "docs/guide.md":
      "# Guide\n\n## Setup\n\n[home](../README.md#repeated-1) [site](https://example.com/x.md)",
    "docs/bad.md": "[gone](nothing.md) [wrong anchor](guide.md#install) [here](#nowhere)",
  };
  const read = (file: string) => files[file];

  it("makes GitHub's anchors: code spans kept as text, punctuation dropped, repeats numbered", () => {
    expect([...anchorsOf(files["README.md"]!)]).toEqual([
      "title",
      "pulumi-import",
      "a-single-use-links-url-in-logs",
      "our-dependency-on-pulumipulumi",
      "running-__main__py",
      "repeated",
      "repeated-1",
    ]);
  });

  it("passes links that resolve, and ignores code and external links", () => {
    expect(brokenLinks("README.md", read)).toEqual([]);
    expect(brokenLinks("docs/guide.md", read)).toEqual([]);
  });

  it("reports a missing file, a missing anchor in another page and one in the same page", () => {
    expect(brokenLinks("docs/bad.md", read)).toEqual([
      "nothing.md: no file docs/nothing.md",
      "guide.md#install: no heading with anchor #install in docs/guide.md",
      "#nowhere: no heading with anchor #nowhere in docs/bad.md",
    ]);
  });

  it("counts as packed the entries of files, what lies under them and what npm always adds", () => {
    const packed = packedBy({ files: ["bin", "docs/", "policy/index.js"], main: "dist/index.js" });
    const yes = ["bin", "bin/launcher", "docs/guide.md", "policy", "policy/index.js"];
    const alsoYes = ["dist/index.js", "README.md", "LICENSE", "package.json"];
    const no = ["binary", "policy/rules.js", "dist/other.js", "examples/basic", "docs-old/a.md"];
    expect([...yes, ...alsoYes].filter((file) => !packed(file))).toEqual([]);
    expect(no.filter(packed)).toEqual([]);
  });

  it("refuses a glob in package.json's files rather than guess how npm matches it", () => {
    expect(() => packedBy({ files: ["dist/**/*.js"] })).toThrow(/a glob in package.json "files"/);
  });
});
