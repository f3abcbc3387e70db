import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of `provider/`, lowest first: a module may import from its own area and from
 * lower layers only. `link/` is the link's home in two areas: its model (fields, check, diff,
 * wire, outputs: pure) under the client, and its lifecycle (`link/lifecycle.ts` and the create
 * path in `link/create/`), which calls the client, over it. The emulator stands apart (it plays
 * the API, so it shares nothing with the provider that talks to it); only the command line,
 * which runs it, imports it.
 */
const LAYERS: Record<string, number> = {
  errors: 0,
  "api-url": 1,
  link: 1,
  settings: 2,
  "links-file": 2,
  client: 3,
  codegen: 3,
  "link lifecycle": 4,
  dynamic: 5,
  native: 5,
  cli: 5,
  index: 6,
};
const EMULATOR = "emulator";

const ROOT = path.resolve(__dirname, "../../provider");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [file] : [];
  });
}

/** The provider files a file imports (static, dynamic and type-only imports alike). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/\bfrom\s+"(\.[^"]+)"/g),
    ...text.matchAll(/\bimport\(\s*"(\.[^"]+)"\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers.map((specifier) => {
    const base = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ""));
    const candidates = [base, `${base}.ts`, path.join(base, "index.ts")];
    const found = candidates.find((candidate) =>
      statSync(candidate, { throwIfNoEntry: false })?.isFile(),
    );
    if (!found) throw new Error(`${path.relative(ROOT, file)}: cannot resolve "${specifier}"`);
    return found;
  });
}

/** The files of `link/` that make up its lifecycle. */
const LIFECYCLE = [path.join("link", "lifecycle.ts"), path.join("link", "create") + path.sep];

/** `link`, `emulator`, … for a folder's files; the file's own name for a top-level file. */
function areaOf(file: string): string {
  const relative = path.relative(ROOT, file);
  if (LIFECYCLE.some((prefix) => relative.startsWith(prefix))) return "link lifecycle";
  return relative.split(path.sep)[0]!.replace(/\.ts$/, "");
}

const files = sourceFiles(ROOT);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));
const show = ({ from, to }: { from: string; to: string }) =>
  `${path.relative(ROOT, from)} -> ${path.relative(ROOT, to)}`;

describe("the layers of provider/", () => {
  it("gives every area a layer", () => {
    const areas = new Set(files.map(areaOf));
    expect([...areas].filter((area) => area !== EMULATOR && !(area in LAYERS))).toEqual([]);
  });

  it("has no import up a layer or sideways between areas", () => {
    const upward = edges.filter(({ from, to }) => {
      const [a, b] = [areaOf(from), areaOf(to)];
      if (a === b || a === EMULATOR || b === EMULATOR) return false;
      return LAYERS[b]! >= LAYERS[a]!;
    });
    expect(upward.map(show)).toEqual([]);
  });

  it("keeps the emulator apart: it imports nothing outside its folder", () => {
    const out = edges.filter(
      ({ from, to }) => areaOf(from) === EMULATOR && areaOf(to) !== EMULATOR,
    );
    expect(out.map(show)).toEqual([]);
  });

  it("lets only the command line and the package root import the emulator", () => {
    const into = edges.filter(
      ({ from, to }) =>
        areaOf(to) === EMULATOR && ![EMULATOR, "cli", "index"].includes(areaOf(from)),
    );
    expect(into.map(show)).toEqual([]);
  });

  it("has no import cycle between files", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        const cycle = trail.slice(trail.indexOf(file));
        cycles.push([...cycle, file].map((each) => path.relative(ROOT, each)).join(" -> "));
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
