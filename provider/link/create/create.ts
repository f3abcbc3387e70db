import type { SmileLinksClient } from "../../client/client";
import { messageOf } from "../../errors";
import { inPlaceChanges } from "../diff";
import { PROVIDER_KEY } from "../engine-values";
import type { LinkLocation } from "../location";
import { toOutputs } from "../outputs";
import type { LiveLink, SmileLinkInputs } from "../types";
import { postWithoutDuplicate } from "./ambiguous-create";
import { PartialCreateError } from "./create-errors";
import { newCreateMarker, resourcePartFor } from "./marker";
import type { OrphanIndex } from "./orphan-index";

export interface CreateLinkOptions {
  api: SmileLinksClient;
  inputs: SmileLinkInputs;
  /** The serialized provider: a partially created resource must carry it. */
  providerText: unknown;
  location: LinkLocation;
  /** Ids of links the deployment holds: never taken as this create's link or as an orphan. */
  knownIds: ReadonlySet<string>;
  /** The account's links, from a list that started after the call (shared-listing.ts). */
  linksNow: () => Promise<LiveLink[]>;
  /** Given when creates take over links an interrupted run made (`smileid:adoptOrphans`). */
  orphans?: OrphanIndex;
}

/**
 * Makes a link: takes over the link an interrupted run made for this resource, if `orphans`
 * is given and there is one, or makes it with one POST. Its outputs come from the answer
 * (`ref_id` and the URL) and the inputs, since a new link has no jobs and is not disabled;
 * reading it back would double a large deploy's API calls for `createdAt` and `updatedAt`,
 * which the next refresh fills.
 */
export async function createLink(options: CreateLinkOptions): Promise<LiveLink> {
  const { api, inputs, providerText, location, orphans } = options;
  const resourcePart = resourcePartFor(inputs);
  const orphan =
    orphans && inputs.resourceKey ? await orphans.find(api, resourcePart, inputs.name) : undefined;
  const marker = newCreateMarker(resourcePart);
  const made: LiveLink = orphan ?? {
    ...(await postWithoutDuplicate({ ...options, marker })),
    idTypes: inputs.idTypes,
    isDisabled: false,
  };
  const changes = inPlaceChanges(made, inputs);
  if (Object.keys(changes).length === 0) return made;
  try {
    const updated = await api.update(made.refId, changes);
    return { ...made, ...updated, url: updated.url || made.url, refId: made.refId };
  } catch (error) {
    const reason = messageOf(error);
    throw new PartialCreateError(
      `link ${made.refId} was created, but updating it failed: ${reason}`,
      made.refId,
      { ...toOutputs(inputs, made, location), [PROVIDER_KEY]: providerText },
      [reason],
    );
  }
}
