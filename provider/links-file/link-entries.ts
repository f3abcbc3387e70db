import { isAlias, isMap, isNode, isScalar, type Document, type Pair } from "yaml";

/** A map key as a JavaScript object would hold it; undefined for a key that is no scalar. */
export function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** One entry of a links file's `links` map, as written. */
export interface LinkEntry {
  /** The link's resource name. */
  name: string;
  /** Where the link's problems are pointed: its value, or its key when it has none. */
  node: unknown;
  /** Its value. */
  own: unknown;
}

/**
 * Each entry of the `links` map (the last one, if that key is given twice), in order. A name
 * given twice yields both entries, so that each is checked.
 */
export function linkEntries(doc: Document, maxAliasCount: number): LinkEntry[] {
  const root = doc.contents;
  const links = isMap(root) ? root.items.findLast((pair) => keyName(pair) === "links") : undefined;
  const map = isAlias(links?.value) ? links.value.resolve(doc) : links?.value;
  if (!isMap(map)) return [];
  return map.items.map((pair) => {
    const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    return {
      name: keyName(pair) ?? String(pair.key),
      node: isNode(value) ? value : pair.key,
      own: isNode(value) ? value.toJS(doc, { maxAliasCount }) : value,
    };
  });
}
