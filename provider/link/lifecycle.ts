import { createHash } from "node:crypto";
import type { SmileLinksClient } from "../client/client";
import { hasStatus, isSmileLinksError, SmileLinksError } from "../errors";
import { diffLink, inPlaceChanges, type LinkDiff } from "./diff";
import {
  containsUnknown,
  LEGACY_RESOURCE_KEY,
  PROVIDER_KEY,
  RESOURCE_KEY,
  withResourceKey,
} from "./engine-values";
import { assertSameLocation, type PlacedLink } from "./location";
import { catalogWarnNote } from "./hints";
import type { Failure } from "./failures";
import { compact, inputsFromLive, toOutputs } from "./outputs";
import { LINK_FIELDS } from "./fields";
import type { SmileLinkInputs, SmileLinkOutputs } from "./types";
import { checkLinkInputs } from "./check";
import { engineFailures } from "./engine-failures";
import {
  requireCredentials,
  resolveSettings,
  settingsWarnings,
  type ConfigLookup,
  type ConnectionSettings,
} from "../settings";
import { adopt } from "./create/adopt";
import { createLink } from "./create/create";
import { OrphanIndex } from "./create/orphan-index";
import { SharedListing } from "./create/shared-listing";

/** What the engine holds for a link: its inputs, or its outputs (which include them). */
type Props = Record<string, unknown>;

/** Create's inputs from the engine; the dynamic provider's carry the serialized provider. */
type EngineInputs = SmileLinkInputs & { [PROVIDER_KEY]?: unknown };

interface Connection {
  client: SmileLinksClient;
  listing: SharedListing;
}

/** Checked inputs; or, when they break a rule, the inputs as given and why. */
export type CheckResult =
  { inputs: SmileLinkInputs; failures?: undefined } | { inputs: Props; failures: Failure[] };

export interface ReadResult {
  /** Absent when the API no longer knows the link. */
  id?: string;
  props?: SmileLinkOutputs;
  /** Sent only when the live link differs from what the stack holds. */
  inputs?: SmileLinkInputs;
}

/**
 * What the provider tells the user besides its answers: a warning, or a notice of what it did,
 * about one resource (its URN) or the whole deployment.
 */
export type Notify = (severity: "warning" | "info", message: string, urn?: string) => void;

/** To stderr, which the dynamic provider host shows among the deployment's diagnostics. */
export const stderrNotify: Notify = (severity, message) =>
  console.warn(severity === "warning" ? `warning: ${message}` : message);

/**
 * The lifecycle of a Smile Link, in the order Terraform's resources keep: check, diff, create,
 * read, update, delete. The dynamic provider (implementation.ts) and the native provider
 * (native/server.ts) are thin adapters that each hold one instance. An instance owns what one
 * deployment needs: where its settings come from, its connection to the API, and the ids of
 * the links it holds.
 */
export class LinkProvider {
  // Keyed by a hash of the settings, so the API key is held only inside the client's signer.
  // The promise is kept, so that calls made while the first one loads the client share one
  // client (and its cap on requests in flight).
  private cachedConnection: { key: string; connection: Promise<Connection> } | undefined;
  /**
   * Ids of links this deployment holds (seen by diff, read, update, delete, or made by create):
   * never taken as a create's link or as another resource's orphan.
   */
  private readonly knownIds = new Set<string>();
  private readonly orphans = new OrphanIndex(this.knownIds);
  /** API URLs whose warnings were shown. */
  private readonly warnedUrls = new Set<string>();

  constructor(
    private stackConfig: ConfigLookup = () => undefined,
    private readonly notify: Notify = stderrNotify,
  ) {}

  /**
   * Where settings come from, before environment variables: the dynamic provider's stack
   * config, or the native provider's configuration (native/config.ts). Synchronous, because a
   * host may call the lifecycle methods before a `configure` promise settles.
   */
  configure(lookup: ConfigLookup): void {
    this.stackConfig = lookup;
  }

  check(olds: Props | undefined, news: Props, urn?: string): CheckResult {
    const existing = existingInputs(olds);
    const settings = this.settingsOrFailure();
    if ("failure" in settings) return { inputs: news, failures: [settings.failure] };
    const { environment, catalog } = settings;
    this.warnOnce(settings);
    const creating = existing === undefined;
    const outcome = checkLinkInputs(news, { environment, creating, olds: existing, catalog });
    if (!outcome.ok) return { inputs: news, failures: engineFailures(outcome.failures, news) };
    for (const { property, reason } of outcome.warnings) {
      this.notify("warning", `${property}: ${reason}${catalogWarnNote("program")}`, urn);
    }
    if (creating && outcome.inputs.adoptRefId) {
      this.notify("info", adoptionNotice(outcome.inputs.adoptRefId, "will"), urn);
    }
    // Adoption happens once, at create: a later replacement must make a new link.
    const { resourceKey, ...inputs } = creating
      ? outcome.inputs
      : { ...outcome.inputs, adoptRefId: undefined };
    // The key under the name the stack stores it (an earlier version's), else the internal one.
    const keyName =
      existing && LEGACY_RESOURCE_KEY in existing ? LEGACY_RESOURCE_KEY : RESOURCE_KEY;
    return { inputs: { ...compact(inputs), ...(resourceKey ? { [keyName]: resourceKey } : {}) } };
  }

  /**
   * A check failure when `up` would certainly fail for want of credentials: neither the
   * settings' stack config nor the environment holds a partner id and an API key. Only the
   * dynamic provider asks: its settings are the stack config the program runs with, while
   * the native provider's may be unknown in preview (its CheckConfig checks them).
   */
  credentialsFailure(): Failure | undefined {
    const settings = this.settingsOrFailure();
    // Settings that cannot be read are check's own failure.
    if ("failure" in settings) return undefined;
    try {
      requireCredentials(settings, "preview");
      return undefined;
    } catch (error) {
      if (!isSmileLinksError(error)) throw error;
      return { property: "", reason: error.message };
    }
  }

  diff(id: string, olds: Props, news: Props): LinkDiff {
    this.knownIds.add(id);
    this.checkLocation(id, olds, "preview changes to");
    return diffLink(olds, news);
  }

  async create(
    engineInputs: EngineInputs,
    urn?: string,
  ): Promise<{ id: string; outs: SmileLinkOutputs }> {
    const inputs = withResourceKey(engineInputs);
    // The engine sends placeholders only in preview; one here was given as a literal value.
    const unknown = LINK_FIELDS.filter((field) => containsUnknown(inputs[field]));
    if (unknown.length > 0) {
      throw new SmileLinksError("validation", `${unknown.join(", ")}: not known at create`);
    }
    const { client: api, listing } = await this.connection();
    const live = inputs.adoptRefId
      ? await adopt(api, inputs, inputs.adoptRefId)
      : await createLink({
          api,
          inputs,
          providerText: inputs[PROVIDER_KEY],
          location: location(api),
          knownIds: this.knownIds,
          linksNow: () => listing.linksNow(),
          orphans: this.orphanIndexFor(inputs),
        });
    if (inputs.adoptRefId) this.notify("info", adoptionNotice(live.refId, "did"), urn);
    // Taken now: no other resource of this deployment may take it as an orphan.
    this.knownIds.add(live.refId);
    return { id: live.refId, outs: toOutputs(inputs, live, location(api)) };
  }

  async read(id: string, props: Props | undefined): Promise<ReadResult> {
    this.knownIds.add(id);
    const api = await this.client();
    this.checkLocation(id, props, "refresh", api);
    const live = await api.get(id).catch((error: unknown) => {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    });
    if (!live) return {};
    const stored = (props ?? {}) as Partial<SmileLinkOutputs>;
    const inputs = inputsFromLive(stored, live);
    const outputs = toOutputs(inputs, live, location(api), stored);
    // Inputs go back only when the live link differs from what the stack holds. Otherwise the
    // engine keeps the stored ones, the resource key included, and the next `up` finds them equal
    // to the program's: it would rewrite the whole checkpoint once per link if they differed.
    if (!diffLink(stored, { ...inputs }).changes) return { id, props: outputs };
    return { id, props: outputs, inputs };
  }

  async update(
    id: string,
    olds: Partial<SmileLinkOutputs>,
    engineNews: SmileLinkInputs,
  ): Promise<{ outs: SmileLinkOutputs }> {
    const news = withResourceKey(engineNews);
    this.knownIds.add(id);
    const api = await this.client();
    this.checkLocation(id, olds, "update", api);
    const changes = inPlaceChanges(olds, news);
    const live = Object.keys(changes).length > 0 ? await api.update(id, changes) : { refId: id };
    return { outs: toOutputs(news, { ...compact(live), refId: id }, location(api), olds) };
  }

  /**
   * Delete means disable. A link the API no longer knows counts as deleted, and so does one
   * that is disabled already, should the API refuse to disable it twice.
   */
  async delete(id: string, props: Props | undefined): Promise<void> {
    this.knownIds.add(id);
    const api = await this.client();
    this.checkLocation(id, props, "delete (disable)", api);
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
  }

  private settings() {
    return resolveSettings(this.stackConfig);
  }

  /** The settings, or the check failure that says which one is wrong and why. */
  private settingsOrFailure(): ConnectionSettings | { failure: Failure } {
    try {
      return this.settings();
    } catch (error) {
      if (!isSmileLinksError(error)) throw error;
      return { failure: { property: "", reason: error.message } };
    }
  }

  /** What is likely wrong with the API URL (no /v1, plain http to another machine), once per URL. */
  private warnOnce(settings: ConnectionSettings): void {
    if (this.warnedUrls.has(settings.apiUrl)) return;
    this.warnedUrls.add(settings.apiUrl);
    for (const warning of settingsWarnings(settings)) this.notify("warning", warning);
  }

  private connection(): Promise<Connection> {
    const settings = requireCredentials(this.settings());
    const { apiUrl, partnerId, apiKey, timeoutMs } = settings;
    this.warnOnce(settings);
    const key = createHash("sha256")
      .update(JSON.stringify([apiUrl, partnerId, apiKey, timeoutMs]))
      .digest("hex");
    if (this.cachedConnection?.key !== key) {
      this.cachedConnection = {
        key,
        connection: connect({ apiUrl, partnerId, apiKey, timeoutMs }),
      };
    }
    return this.cachedConnection.connection;
  }

  private async client(): Promise<SmileLinksClient> {
    return (await this.connection()).client;
  }

  /**
   * Before any call about an existing link: the stack's settings must point where the link
   * lives (its `apiUrl` and `partnerId` outputs), or another account's 404 would look like
   * "gone". Preview compares the partner only when it is set.
   */
  private checkLocation(id: string, outputs: unknown, operation: string, api?: SmileLinksClient) {
    const current = api ? location(api) : this.settings();
    assertSameLocation(
      { ...(outputs as Omit<PlacedLink, "refId">), refId: id },
      current,
      operation,
    );
  }

  /**
   * Creates take over links an interrupted run made only when asked (`smileid:adoptOrphans`):
   * the provider cannot tell such a create from a forced replacement (`up --replace`), which
   * the engine checks and creates the same way and which must make a new link.
   */
  private orphanIndexFor(inputs: SmileLinkInputs): OrphanIndex | undefined {
    return inputs.resourceKey && this.settings().adoptOrphans ? this.orphans : undefined;
  }
}

/**
 * Loads the client at the first call that needs the API, so that a preview and an up that
 * changes nothing never load it: axios and its dependencies are most of the modules this
 * package loads in the provider host (docs/performance.md).
 */
async function connect(options: {
  apiUrl: string;
  partnerId: string;
  apiKey: string;
  timeoutMs: number;
}): Promise<Connection> {
  const { SmileLinksClient } = await import("../client/client.js");
  const client = new SmileLinksClient(options);
  return { client, listing: new SharedListing(() => client.list()) };
}

function location(api: SmileLinksClient) {
  return { apiUrl: api.apiUrl, partnerId: api.partnerId };
}

/**
 * What a create with `adoptRefId` does, said at preview ("will") and after it ("did"): the
 * engine shows such a create as `+ create` like any other.
 */
export function adoptionNotice(refId: string, when: "will" | "did"): string {
  return when === "will"
    ? `adoptRefId: this create takes over the existing link ${refId}; no new link will be made ` +
        "(idTypes and isDisabled are brought in line with the program)"
    : `adoptRefId: took over the existing link ${refId}; no new link was made`;
}

/** A 4xx other than 429: the API understood the request and declined it. */
function isRefusal(error: unknown): boolean {
  const status = isSmileLinksError(error) ? (error.details.status ?? 0) : 0;
  return status >= 400 && status < 500 && status !== 429;
}

/** The stored inputs of an existing resource; undefined for a create (olds hold no input). */
function existingInputs(olds: Props | undefined): Props | undefined {
  const record = olds ?? {};
  return Object.keys(record).some((key) => key !== PROVIDER_KEY) ? record : undefined;
}
