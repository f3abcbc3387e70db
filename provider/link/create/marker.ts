import { createHash, randomBytes, randomUUID } from "node:crypto";
import { canonical, REPLACE_FIELDS } from "../diff";
import type { SmileLinkInputs } from "../types";

/**
 * The resource part of a create's marker (link/create-marker.ts: `<resource>.<nonce>`), for
 * the resource whose inputs these are; `resourcePartOf` reads it back from a marker.
 *
 * The resource part is a hash of the resource's identity (`resourceKey`: project, stack and
 * resource name, given by `SmileLink`) and of every input that forces a replacement, so that
 * a run after a killed one can tell which resource an orphan was made for
 * (`smileid:adoptOrphans`). Without a `resourceKey` (the provider used directly) it is random.
 *
 * The nonce is new for each create and shared by all its attempts, so that a late-landing
 * earlier attempt is still recognised. A forced replacement, or a create after a destroy, has
 * the same resource part as the link it follows and must never take that link for its own:
 * the nonce tells them apart.
 */
export function resourcePartFor(inputs: SmileLinkInputs): string {
  if (!inputs.resourceKey) return randomUUID();
  const identity = [inputs.resourceKey, ...REPLACE_FIELDS.map((f) => canonical(f, inputs[f]))];
  return createHash("sha256").update(identity.join("\n")).digest("hex").slice(0, 32);
}

/** A new marker for one create of the resource whose marker part is `resourcePart`. */
export function newCreateMarker(resourcePart: string): string {
  return `${resourcePart}.${randomBytes(8).toString("hex")}`;
}
