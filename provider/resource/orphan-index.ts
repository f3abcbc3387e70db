import type { SmileLinksClient } from "../client/client";
import { resourcePartOf } from "../model/create-marker";
import type { LiveLink } from "../model/types";

/**
 * Links a killed run made but never recorded: the enabled links of the account that carry a
 * create marker, by the marker's resource part, listed once per provider process (so once per
 * deployment) at its first create that looks. Ids of resources the deployment already knows
 * are never taken: a forced replacement has the same resource part as the link it replaces.
 */
export class OrphanIndex {
  private index: Promise<Map<string, LiveLink[]>> | undefined;

  constructor(private readonly knownIds: ReadonlySet<string>) {}

  /** An orphan made for the resource whose marker has this resource part, if there is one. */
  async find(api: SmileLinksClient, resourcePart: string): Promise<LiveLink | undefined> {
    this.index ??= api.list().then((links) => {
      const byResource = new Map<string, LiveLink[]>();
      for (const link of links) {
        if (!link.createMarker || link.isDisabled) continue;
        const part = resourcePartOf(link.createMarker);
        byResource.set(part, [...(byResource.get(part) ?? []), link]);
      }
      return byResource;
    });
    this.index.catch(() => (this.index = undefined));
    const candidates = (await this.index).get(resourcePart) ?? [];
    return candidates.find((link) => !this.knownIds.has(link.refId));
  }
}
