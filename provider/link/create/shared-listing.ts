import type { LiveLink } from "../types";

/**
 * The account's links for creates that look for the link they may have made. A look is
 * served only by a list that started after the look was asked for, so it never misses a link
 * made before it; looks asked while a list runs share the one list that starts after it. Many
 * creates waiting at once (a large deployment under faults) cost one list at a time, not one
 * list each.
 */
export class SharedListing {
  private running: { startedAt: number; links: Promise<LiveLink[]> } | undefined;
  private queued: Promise<LiveLink[]> | undefined;

  constructor(
    private readonly list: () => Promise<LiveLink[]>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The links, as a list that started no earlier than this call saw them. */
  linksNow(): Promise<LiveLink[]> {
    const askedAt = this.now();
    const running = this.running;
    if (!running) return this.start();
    if (running.startedAt >= askedAt) return running.links;
    this.queued ??= running.links
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<LiveLink[]> {
    const links = this.list();
    const entry = { startedAt: this.now(), links };
    this.running = entry;
    const done = () => {
      if (this.running === entry) this.running = undefined;
    };
    links.then(done, done);
    return links;
  }
}
