import { randomBytes, randomUUID } from "node:crypto";
import { readDataFile, writeDataFile } from "./data-file";
import type { RefIdStyle } from "./reading";
import type { StoredLink } from "./stored-link";
import type { CreateFields, JobCounts, UpdateFields } from "./validate-body";

export interface LinkStoreOptions {
  /** JSON file the links are loaded from at start and saved to after each change. */
  dataFile?: string;
  now?: () => number;
  /** How new links' ids look; default "hex". */
  refIds?: RefIdStyle;
}

/**
 * The emulator's links, in creation order. Reads return copies, so no caller can change a
 * stored link except through the methods here. Every change is saved before its promise
 * resolves, one write at a time, so an answered request is never lost by a restart.
 */
export class LinkStore {
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly links: Map<string, StoredLink>,
    private readonly dataFile: string | undefined,
    private readonly now: () => number,
    private readonly refIds: RefIdStyle,
  ) {}

  static async open(options: LinkStoreOptions = {}): Promise<LinkStore> {
    const loaded = options.dataFile ? await readDataFile(options.dataFile) : [];
    const links = new Map(loaded.map((link) => [link.ref_id, link]));
    return new LinkStore(links, options.dataFile, options.now ?? Date.now, options.refIds ?? "hex");
  }

  get size(): number {
    return this.links.size;
  }

  get(refId: string): StoredLink | undefined {
    const link = this.links.get(refId);
    return link && structuredClone(link);
  }

  /** All links, oldest first. */
  list(): StoredLink[] {
    return [...this.links.values()].map((link) => structuredClone(link));
  }

  async create(fields: CreateFields, partnerId: string): Promise<StoredLink> {
    const refId = this.newRefId();
    const at = this.timestamp();
    const link: StoredLink = {
      ...structuredClone(fields),
      ref_id: refId,
      link_id: refId,
      partner_id: partnerId,
      created_at: at,
      updated_at: at,
      disabled_at: null,
      successful_jobs: 0,
      failed_jobs: 0,
    };
    this.links.set(refId, link);
    await this.save();
    return structuredClone(link);
  }

  /** Undefined for an unknown link. Disabling keeps the first `disabled_at`; enabling clears it. */
  async update(refId: string, changes: UpdateFields): Promise<StoredLink | undefined> {
    return this.change(refId, (link) => {
      if (changes.id_types) link.id_types = structuredClone(changes.id_types);
      if (changes.is_disabled === true) link.disabled_at ??= this.timestamp();
      if (changes.is_disabled === false) link.disabled_at = null;
      link.updated_at = this.timestamp();
    });
  }

  /** Simulates finished verification jobs on a link; undefined for an unknown link. */
  async recordJobs(refId: string, counts: JobCounts): Promise<StoredLink | undefined> {
    return this.change(refId, (link) => {
      link.successful_jobs += counts.successful;
      link.failed_jobs += counts.failed;
    });
  }

  /** Resolves when every change so far is on disk. */
  async flush(): Promise<void> {
    await this.saving;
  }

  private async change(
    refId: string,
    apply: (link: StoredLink) => void,
  ): Promise<StoredLink | undefined> {
    const link = this.links.get(refId);
    if (!link) return undefined;
    apply(link);
    await this.save();
    return structuredClone(link);
  }

  /**
   * Chains each write after the previous one so writes never interleave; each writes the
   * state as it is when the write starts, so a burst of changes ends with the latest state.
   */
  private save(): Promise<void> {
    const file = this.dataFile;
    if (!file) return Promise.resolve();
    const write = this.saving.then(() => writeDataFile(file, [...this.links.values()]));
    this.saving = write.catch(() => undefined);
    return write;
  }

  private newRefId(): string {
    let refId: string;
    do refId = this.refIds === "uuid" ? randomUUID() : randomBytes(8).toString("hex");
    while (this.links.has(refId));
    return refId;
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }
}
