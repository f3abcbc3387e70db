import { isMap, isNode, isSeq, type Document, type LineCounter, type Pair } from "yaml";
import { keyName } from "./link-entries";
import { formatYamlPath, positionOf, type Position, type YamlPath } from "./locate";

/** A key given twice in one map: where the map is, and both places of the key. */
export interface DuplicateKey {
  /** The map's path, such as `["links", "a"]`; empty for the file's top level. */
  map: YamlPath;
  key: string;
  first: Position;
  again: Position;
}

/**
 * Every key repeated in a map of the document, each repeat against its first place, in the
 * order they appear. YAML forbids them; reported here so that the rest of the file is still
 * checked (the yaml library's own check stops the parse). Aliases are not followed: the nodes
 * they name are walked where they stand.
 */
export function duplicateKeys(doc: Document, lines: LineCounter): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const walk = (node: unknown, path: YamlPath) => {
    if (isSeq(node)) node.items.forEach((item, index) => walk(item, [...path, index]));
    if (!isMap(node)) return;
    const seen = new Map<string, Pair>();
    for (const pair of node.items) {
      const key = keyName(pair);
      if (key === undefined) continue;
      const first = seen.get(key);
      if (first) {
        const at = (p: Pair) => positionOf(isNode(p.key) ? p.key : undefined, lines);
        found.push({ map: path, key, first: at(first), again: at(pair) });
      } else seen.set(key, pair);
      walk(pair.value, [...path, key]);
    }
  };
  walk(doc.contents, []);
  return found;
}

/** The problem of a repeated key, at its repeat: `links.a: the key "name" is given twice, ...`. */
export function duplicateKeyProblem({ map, key, first, again }: DuplicateKey): Position & {
  message: string;
} {
  const where = map.length > 0 ? `${formatYamlPath(map)}: ` : "";
  return {
    ...again,
    message:
      `${where}the key "${key}" is given twice, at ${first.line}:${first.column} and ` +
      `${again.line}:${again.column}; a key may appear once in a map`,
  };
}
