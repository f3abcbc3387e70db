import { describe, expect, it } from "vitest";
import type { LiveLink } from "../../provider/link/types";
import { SharedListing } from "../../provider/link/create/shared-listing";

/** Lists the test settles by hand, on a clock it moves by hand: nothing depends on timing. */
function fakeLists() {
  const pending: { startedAt: number; resolve: (links: LiveLink[]) => void }[] = [];
  let clock = 0;
  const listing = new SharedListing(
    () => new Promise<LiveLink[]>((resolve) => pending.push({ startedAt: clock, resolve })),
    () => clock,
  );
  const link = (refId: string) => ({ refId, url: "", idTypes: [], isDisabled: false });
  return {
    listing,
    pending,
    tick: () => void (clock += 1),
    /** Settles list number `index` with links named after it. */
    finish: async (index: number) => {
      pending[index]!.resolve([link(`list-${index}`)]);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const ids = (links: LiveLink[]) => links.map((link) => link.refId);

describe("a listing shared by the creates that look for their link", () => {
  it("starts a list for the first look", async () => {
    const { listing, pending, finish } = fakeLists();
    const look = listing.linksNow();
    expect(pending).toHaveLength(1);
    await finish(0);
    expect(ids(await look)).toEqual(["list-0"]);
  });

  it("serves looks asked while a list runs with one list started after it", async () => {
    const { listing, pending, tick, finish } = fakeLists();
    const first = listing.linksNow();
    tick();
    const second = listing.linksNow();
    const third = listing.linksNow();
    expect(pending).toHaveLength(1);
    await finish(0);
    expect(pending).toHaveLength(2);
    expect(pending[1]!.startedAt).toBeGreaterThanOrEqual(1);
    await finish(1);
    expect(ids(await first)).toEqual(["list-0"]);
    expect(ids(await second)).toEqual(["list-1"]);
    expect(ids(await third)).toEqual(["list-1"]);
  });

  it("shares a list with a look asked at the moment it started", async () => {
    const { listing, pending, finish } = fakeLists();
    const first = listing.linksNow();
    const same = listing.linksNow();
    expect(pending).toHaveLength(1);
    await finish(0);
    expect(ids(await same)).toEqual(ids(await first));
  });

  it("starts afresh after a list that failed", async () => {
    let calls = 0;
    const listing = new SharedListing(async () => {
      calls += 1;
      if (calls === 1) throw new Error("list failed");
      return [];
    });
    await expect(listing.linksNow()).rejects.toThrow("list failed");
    await expect(listing.linksNow()).resolves.toEqual([]);
  });
});
