import { createHash, randomUUID } from "node:crypto";
import type { SmileLinksClient } from "../client/client";
import { backoffDelay } from "../client/retry-timing";
import { isSmileLinksError } from "../errors";
import { canonical, inPlaceChanges, REPLACE_FIELDS } from "../model/diff";
import { toOutputs } from "../model/outputs";
import type { LiveLink, SmileLinkInputs } from "../model/types";

/** Time for a create still in flight at the API to land before the links are listed. */
const SETTLE_MS = 250;

/**
 * A failed create that did make a link. The host turns `id` and `properties` into a
 * partially created resource in state (so it is never orphaned) and the next `up` updates it.
 */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/**
 * True when the API may have made the link although the create failed: no answer (a
 * timeout or a reset) or a 5xx, which a proxy can send after the API did the work.
 */
function mayHaveCreated(error: unknown): boolean {
  if (!isSmileLinksError(error)) return false;
  if (error.kind === "network") return error.details.ambiguous === true;
  return error.kind === "api" && (error.details.status ?? 0) >= 500;
}

/**
 * The marker of a create (model/create-marker.ts): derived from the resource's identity
 * (`resourceKey`: project, stack and resource name, given by `SmileLink`) and every input
 * that forces a replacement. The same resource, created again after an interrupted run,
 * finds its link; a replacement, whose inputs differ, never finds the link it replaces.
 * Without a `resourceKey` (the provider used directly) the marker is random and only serves
 * the create that made it.
 */
export function createMarkerFor(inputs: SmileLinkInputs): string {
  if (!inputs.resourceKey) return randomUUID();
  const identity = [inputs.resourceKey, ...REPLACE_FIELDS.map((f) => canonical(f, inputs[f]))];
  return createHash("sha256").update(identity.join("\n")).digest("hex").slice(0, 32);
}

/**
 * Links a killed run made but never recorded: the enabled links of the account that carry a
 * create marker, listed once per provider process (so once per deployment) at its first
 * create. Ids of resources the deployment already knows are never taken: a forced
 * replacement has the same marker as the link it replaces.
 */
export class OrphanFinder {
  private index: Promise<Map<string, LiveLink>> | undefined;

  constructor(private readonly knownIds: ReadonlySet<string>) {}

  async find(api: SmileLinksClient, marker: string): Promise<LiveLink | undefined> {
    this.index ??= api.list().then((links) => {
      const byMarker = new Map<string, LiveLink>();
      for (const link of links) {
        if (link.createMarker && !link.isDisabled) byMarker.set(link.createMarker, link);
      }
      return byMarker;
    });
    this.index.catch(() => (this.index = undefined));
    const orphan = (await this.index).get(marker);
    return orphan && !this.knownIds.has(orphan.refId) ? orphan : undefined;
  }
}

/**
 * POSTs the link so that a lost answer never makes a second link: after an ambiguous failure
 * the account's links are listed and the one with this create's marker is taken as made;
 * if none has it, the create is tried again, within the client's retry budget.
 */
async function post(api: SmileLinksClient, inputs: SmileLinkInputs, marker: string) {
  const { maxAttempts, maxElapsedMs } = api.retryPolicy;
  const startedAt = Date.now();
  for (let round = 1; ; round++) {
    try {
      return await api.create(inputs, marker);
    } catch (error) {
      if (!mayHaveCreated(error)) throw error;
      const lastRound = round >= maxAttempts || Date.now() - startedAt >= maxElapsedMs;
      await new Promise((r) =>
        setTimeout(r, Math.max(SETTLE_MS, backoffDelay(round, api.retryPolicy))),
      );
      const made = (await api.list()).find((link) => link.createMarker === marker);
      if (made) return { refId: made.refId, url: made.url };
      if (lastRound) throw error;
    }
  }
}

/**
 * Makes a link: takes over the link an interrupted run made for this resource, if `orphans`
 * is given and there is one, or makes it with one POST. Its outputs come from the answer (`ref_id`, `link`) and
 * the inputs, since a new link has no jobs and is not disabled; reading it back would double
 * a large deploy's API calls for `createdAt` and `updatedAt`, which the next refresh fills.
 */
export async function createLink(
  api: SmileLinksClient,
  inputs: SmileLinkInputs,
  providerText: unknown,
  location: { apiUrl: string; partnerId: string },
  orphans: OrphanFinder | undefined,
): Promise<LiveLink> {
  const marker = createMarkerFor(inputs);
  const orphan = orphans && inputs.resourceKey ? await orphans.find(api, marker) : undefined;
  const made: LiveLink = orphan ?? {
    ...(await post(api, inputs, marker)),
    idTypes: inputs.idTypes,
    isDisabled: false,
  };
  const changes = inPlaceChanges(made, inputs);
  if (Object.keys(changes).length === 0) return made;
  try {
    const updated = await api.update(made.refId, changes);
    return { ...made, ...updated, url: updated.url || made.url, refId: made.refId };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartialCreateError(
      `link ${made.refId} was created, but updating it failed: ${reason}`,
      made.refId,
      { ...toOutputs(inputs, made, location), __provider: providerText },
      [reason],
    );
  }
}
