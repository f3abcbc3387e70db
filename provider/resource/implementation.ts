import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { SmileLinksClient } from "../client/client";
import { hasStatus, isSmileLinksError, SmileLinksError } from "../errors";
import { diffLink, inPlaceChanges } from "../model/diff";
import { containsUnknown, PROVIDER_KEY } from "../model/engine-values";
import { assertSameLocation, type PlacedLink } from "../model/location";
import { compact, inputsFromLive, toOutputs } from "../model/outputs";
import type { SmileLinkInputs, SmileLinkOutputs } from "../model/types";
import { LINK_FIELDS } from "../model/schema";
import { checkLinkInputs } from "../model/validate";
import { requireCredentials, resolveSettings, type ConfigLookup } from "../settings";
import { adopt } from "./adopt";
import { createLink } from "./create";
import { OrphanIndex } from "./orphan-index";
import { SharedListing } from "./shared-listing";

/**
 * The implementation behind the thin `smileLinkProvider` shim. It is loaded from the
 * installed package at run time and never serialized into state, so it may hold clients
 * and caches; every later version must handle state written by earlier ones.
 */

// Set by `configure` (once per host process); environment variables are read on each call.
let stackConfig: ConfigLookup = () => undefined;
interface Connection {
  client: SmileLinksClient;
  listing: SharedListing;
}
// Keyed by a hash of the settings, so the API key is held only inside the client's signer. The
// promise is kept, so that calls made while the first one loads the client share one client
// (and its cap on requests in flight).
let cachedConnection: { key: string; connection: Promise<Connection> } | undefined;
// Ids of links this deployment holds (seen by diff, read, update, delete, or made by create):
// never taken as a create's link or as another resource's orphan.
const knownIds = new Set<string>();
const orphans = new OrphanIndex(knownIds);

function settings() {
  return resolveSettings(stackConfig);
}

function connection(): Promise<Connection> {
  const { apiUrl, partnerId, apiKey } = requireCredentials(settings());
  const key = createHash("sha256")
    .update(JSON.stringify([apiUrl, partnerId, apiKey]))
    .digest("hex");
  if (cachedConnection?.key !== key) {
    cachedConnection = { key, connection: connect({ apiUrl, partnerId, apiKey }) };
  }
  return cachedConnection.connection;
}

/**
 * Loads the client at the first call that needs the API, so that a preview and an up that
 * changes nothing never load it: axios and its dependencies are 81 of the 200 modules this
 * package loads in the provider host, 120-140 ms of its first Check on 2 cores (measured).
 */
async function connect(options: { apiUrl: string; partnerId: string; apiKey: string }) {
  const { SmileLinksClient } = await import("../client/client.js");
  const client = new SmileLinksClient(options);
  return { client, listing: new SharedListing(() => client.list()) };
}

async function client(): Promise<SmileLinksClient> {
  return (await connection()).client;
}

function location(api: SmileLinksClient) {
  return { apiUrl: api.apiUrl, partnerId: api.partnerId };
}

/**
 * Before any call about an existing link: the stack's settings must point where the link
 * lives (its `apiUrl` and `partnerId` outputs), or another account's 404 would look like
 * "gone". Preview compares the partner only when it is set.
 */
function checkLocation(id: string, outputs: unknown, operation: string, api?: SmileLinksClient) {
  const current = api ? location(api) : settings();
  assertSameLocation({ ...(outputs as Omit<PlacedLink, "refId">), refId: id }, current, operation);
}

/**
 * Creates take over links an interrupted run made only when asked (`smileid:adoptOrphans`):
 * the provider cannot tell such a create from a forced replacement (`up --replace`), which
 * the engine checks and creates the same way and which must make a new link.
 */
function orphanIndexFor(inputs: SmileLinkInputs): OrphanIndex | undefined {
  return inputs.resourceKey && settings().adoptOrphans ? orphans : undefined;
}

/** A 4xx other than 429: the API understood the request and declined it. */
function isRefusal(error: unknown): boolean {
  const status = isSmileLinksError(error) ? (error.details.status ?? 0) : 0;
  return status >= 400 && status < 500 && status !== 429;
}

function existingInputs(olds: unknown): Record<string, unknown> | undefined {
  const record = (olds ?? {}) as Record<string, unknown>;
  return Object.keys(record).some((key) => key !== PROVIDER_KEY) ? record : undefined;
}

/**
 * Where settings come from, before environment variables: the dynamic provider's stack config,
 * or the native provider's configuration (provider/native/config.ts). Synchronous, because a
 * host may call CRUD methods before a `configure` promise settles.
 */
export function useConfig(lookup: ConfigLookup): void {
  stackConfig = lookup;
}

export const implementation: Required<
  pulumi.dynamic.ResourceProvider<SmileLinkInputs, SmileLinkOutputs>
> = {
  async configure(request) {
    useConfig((key) => {
      try {
        return request.config.get(key);
      } catch {
        return undefined;
      }
    });
  },

  async check(olds, news) {
    const existing = existingInputs(olds);
    const { environment, catalog } = settings();
    const creating = existing === undefined;
    const outcome = checkLinkInputs(news, { environment, creating, olds: existing, catalog });
    if (!outcome.ok) return { inputs: news, failures: outcome.failures };
    // The host shows a provider's stderr with the resource's diagnostics.
    for (const { property, reason } of outcome.warnings) {
      console.warn(`warning: ${property}: ${reason} (smileid:idTypeCatalog is warn)`);
    }
    // Adoption happens once, at create: a later replacement must make a new link.
    const inputs = creating ? outcome.inputs : { ...outcome.inputs, adoptRefId: undefined };
    return { inputs: compact(inputs) };
  },

  async diff(id, olds, news) {
    knownIds.add(id);
    checkLocation(id, olds, "preview changes to");
    const { changes, replaces } = diffLink(
      olds as unknown as Record<string, unknown>,
      news as unknown as Record<string, unknown>,
    );
    return { changes, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    // The engine sends placeholders only in preview; one here was given as a literal value.
    const unknown = LINK_FIELDS.filter((field) => containsUnknown(inputs[field]));
    if (unknown.length > 0) {
      throw new SmileLinksError("validation", `${unknown.join(", ")}: not known at create`);
    }
    const { client: api, listing } = await connection();
    const live = inputs.adoptRefId
      ? await adopt(api, inputs, inputs.adoptRefId)
      : await createLink({
          api,
          inputs,
          providerText: (inputs as unknown as Record<string, unknown>)[PROVIDER_KEY],
          location: location(api),
          knownIds,
          linksNow: () => listing.linksNow(),
          orphans: orphanIndexFor(inputs),
        });
    // Taken now: no other resource of this deployment may take it as an orphan.
    knownIds.add(live.refId);
    return { id: live.refId, outs: toOutputs(inputs, live, location(api)) };
  },

  async read(id, props) {
    knownIds.add(id);
    const api = await client();
    checkLocation(id, props, "refresh", api);
    const live = await api.get(id).catch((error: unknown) => {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    });
    if (!live) return {};
    const stored = (props ?? {}) as SmileLinkOutputs;
    const inputs = inputsFromLive(stored, live);
    const outputs = toOutputs(inputs, live, location(api), stored);
    // Inputs go back only when the live link differs from what the stack holds. Otherwise the
    // engine keeps the stored ones, `resourceKey` included, and the next `up` finds them equal
    // to the program's: it would rewrite the whole checkpoint once per link if they differed.
    if (!diffLink(stored as unknown as Record<string, unknown>, { ...inputs }).changes) {
      return { id, props: outputs };
    }
    // The SDK types `ReadResult.inputs` as outputs; the host stores it as the new inputs.
    return { id, props: outputs, inputs: inputs as unknown as SmileLinkOutputs };
  },

  async update(id, olds, news) {
    knownIds.add(id);
    const api = await client();
    checkLocation(id, olds, "update", api);
    const changes = inPlaceChanges(olds, news);
    const live = Object.keys(changes).length > 0 ? await api.update(id, changes) : { refId: id };
    return { outs: toOutputs(news, { ...compact(live), refId: id }, location(api), olds) };
  },

  async delete(id, props) {
    knownIds.add(id);
    const api = await client();
    checkLocation(id, props, "delete (disable)", api);
    // Delete means disable. A link the API no longer knows counts as deleted, and so does one
    // that is disabled already, should the API refuse to disable it twice.
    try {
      await api.update(id, { isDisabled: true });
    } catch (error) {
      if (hasStatus(error, 404)) return;
      if (!isRefusal(error)) throw error;
      const live = await api.get(id).catch((lookup: unknown) => {
        if (hasStatus(lookup, 404)) return undefined;
        throw error;
      });
      if (live && !live.isDisabled) throw error;
    }
  },
};
