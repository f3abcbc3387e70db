import { isMap, isNode, isScalar, isSeq, type LineCounter, type Node } from "yaml";

export type YamlPath = readonly (string | number)[];

/** Splits a property path such as `idTypes[1].verificationMethod` into its segments. */
export function pathSegments(property: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of property.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  return segments;
}

/** `links.a.idTypes[0]`: a path as the messages name it (the inverse of `pathSegments`). */
export function formatYamlPath(path: YamlPath): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index > 0 ? "." : ""}${segment}`,
    )
    .join("");
}

/**
 * The node at `path` below `start` (a document's contents, or a link's map), or the deepest
 * node on the way to it when it does not exist. Of a key given twice, the last place counts,
 * as it does in the value read.
 */
export function deepestNode(start: unknown, path: YamlPath): Node | undefined {
  let node: unknown = start;
  let found = isNode(node) ? node : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.findLast(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      node = pair.value;
      if (isNode(pair.value)) found = pair.value;
      else if (isNode(pair.key)) found = pair.key;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment];
      if (isNode(node)) found = node;
    } else break;
  }
  return found;
}

export interface Position {
  line: number;
  column: number;
}

export function positionOf(node: Node | undefined, lines: LineCounter): Position {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
