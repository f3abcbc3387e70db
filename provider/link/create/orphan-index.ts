import type { SmileLinksClient } from "../../client/client";
import { SmileLinksError } from "../../errors";
import { resourcePartOf } from "../create-marker";
import type { LiveLink } from "../types";
import { findMarkedLink } from "./marked-link";

/**
 * Links a killed run made but never recorded: the account's links, listed once per provider
 * process (so once per deployment) at its first create that looks, searched by the marker's
 * resource part (marked-link.ts: in the list, or by a get of each enabled link of the same
 * name where the list hides partner params). Ids of resources the deployment already knows
 * are never taken: a forced replacement has the same resource part as the link it replaces.
 */
export class OrphanIndex {
  private listed: Promise<LiveLink[]> | undefined;
  private readonly fetched = new Map<string, LiveLink | undefined>();

  constructor(private readonly knownIds: ReadonlySet<string>) {}

  /**
   * An orphan made for the resource whose marker has this resource part, if there is one.
   * Throws, so that no second link is made, when links of this name show no marker anywhere.
   */
  async find(
    api: SmileLinksClient,
    resourcePart: string,
    name: string,
  ): Promise<LiveLink | undefined> {
    this.listed ??= api.list();
    this.listed.catch(() => (this.listed = undefined));
    const { found, unresolved } = await findMarkedLink(api, await this.listed, {
      matches: (marker) => resourcePartOf(marker) === resourcePart,
      name,
      knownIds: this.knownIds,
      fetched: this.fetched,
    });
    if (found || unresolved.length === 0) return found;
    const ids = unresolved.map((link) => link.refId).join(", ");
    throw new SmileLinksError(
      "validation",
      `smileid:adoptOrphans: enabled link(s) named "${name}" (ref_id ${ids}) may have been made ` +
        `for this resource by an interrupted run, but this API shows partner_params in neither ` +
        `its list nor its get answers, so the provider cannot tell. To take one over, set ` +
        `adoptRefId to its ref id; to make a new link, set smileid:adoptOrphans to false.`,
    );
  }
}
