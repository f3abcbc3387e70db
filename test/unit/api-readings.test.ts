import { describe, expect, it } from "vitest";
import { startEmulator, type ApiReading } from "../../provider/emulator";
import type { SmileLinksError } from "../../provider/errors";
import type { SmileLinkInputs } from "../../provider/link/types";
import { postWithoutDuplicate } from "../../provider/link/create/ambiguous-create";
import { newCreateMarker, resourcePartFor } from "../../provider/link/create/marker";
import { CLOCK_SLACK_MS, findMarkedLink } from "../../provider/link/create/marked-link";
import { OrphanIndex } from "../../provider/link/create/orphan-index";
import { settleLookTimes, type SettlePolicy } from "../../provider/link/create/settle-timing";
import { smileLinks } from "../helpers/cli";
import { API_KEY, clientFor, PARTNER_ID, requestLines, useEmulator } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";
import { configureFor, smileLinkProvider as provider } from "../helpers/provider";

/**
 * The readings of the API docs that no public caller settles: the list path, which answers
 * carry partner_params, Smile's error shape, the create status and UUID ref ids. The emulator
 * plays each; the client and the provider must work under each, or fail safe.
 */

const CREATE = "POST /smile_links";
const LIST = "POST /smile_links/:list";
const LIST_PLAIN = "POST /smile_links/list";
const getOf = (refId: string) => `POST /smile_links/${refId}`;

/** A name no other test uses, so that no test sees another's links as candidates. */
let names = 0;
const fresh = (overrides: Partial<SmileLinkInputs> = {}) =>
  linkInputs({ name: `Reading test ${++names}`, ...overrides });

/** The error a promise rejects with; the provider's come from its build, another copy of the class. */
async function failureOf(
  promise: Promise<unknown>,
): Promise<Pick<SmileLinksError, "message" | "details">> {
  const error = await promise.then(
    () => new Error("it succeeded"),
    (e: unknown) => e,
  );
  if (!(error instanceof Error) || !("details" in error)) throw error;
  return error as SmileLinksError;
}

/** A short settle window, so that a whole window stays quick: looks at 20, 60, 140 and 300 ms. */
const QUICK_SETTLE: SettlePolicy = { firstLookMs: 20, windowMs: 300 };
const QUICK_RETRY = { baseDelayMs: 5 };
const LOOKS = settleLookTimes(QUICK_SETTLE).length;

describe("the list path", () => {
  describe("where the API lists at /smile_links/:list, as the docs write it", () => {
    const emulator = useEmulator();

    it("is found with one request", async () => {
      await clientFor(emulator()).list();
      expect(requestLines(emulator())).toEqual([LIST]);
    });
  });

  describe("where the API lists at /smile_links/list", () => {
    const emulator = useEmulator({ reading: { listPath: "list" }, pageSize: 2 });

    it("is found after the documented path answers that there is no such link", async () => {
      const client = clientFor(emulator());
      await client.create(fresh());
      expect((await client.list()).length).toBeGreaterThan(0);
      expect(requestLines(emulator()).slice(1)).toEqual([LIST, LIST_PLAIN]);
    });

    it("costs no extra request once it is known, for any client of the same API", async () => {
      await clientFor(emulator()).list();
      emulator().clearRequests();
      await clientFor(emulator()).list();
      expect(requestLines(emulator())).toEqual([LIST_PLAIN]);
    });

    it("serves smile-links export, every page", async () => {
      const client = clientFor(emulator());
      const made = await Promise.all([1, 2, 3].map(() => client.create(fresh())));
      const result = await smileLinks(["export"], {
        ...process.env,
        SMILE_ID_API_URL: emulator().url,
        SMILE_ID_PARTNER_ID: PARTNER_ID,
        SMILE_ID_API_KEY: API_KEY,
      });
      expect(result.code).toBe(0);
      for (const { refId } of made) expect(result.stdout).toContain(`adoptRefId: ${refId}`);
      const listed = emulator()
        .store.list()
        .filter((link) => link.disabled_at === null);
      expect(result.stderr).toContain(`exported ${listed.length} link(s)`);
    });
  });

  describe("where the API lists at both paths", () => {
    const emulator = useEmulator({ reading: { listPath: "both" } });

    it("takes the documented one, with one request", async () => {
      await clientFor(emulator()).list();
      expect(requestLines(emulator())).toEqual([LIST]);
    });
  });

  describe("where the credentials are refused", () => {
    const emulator = useEmulator({ reading: { listPath: "list", errorShape: "smile" } });

    it("tries no other path: a refusal says nothing about the path", async () => {
      const client = clientFor(emulator(), { apiKey: "wrong-key" });
      const error = await failureOf(client.list());
      expect(error.details).toMatchObject({ status: 400, apiCode: "2205", refused: true });
      expect(requestLines(emulator())).toEqual([LIST]);
    });
  });
});

describe("Smile's errors, said plainly", () => {
  const emulator = useEmulator({ reading: { errorShape: "smile" } });

  it("carry Smile's code and text", async () => {
    const error = await failureOf(
      clientFor(emulator()).create(fresh({ callbackUrl: "" as string })),
    );
    expect(error.message).toMatch(
      /^create link "Reading test \d+": HTTP 400 from POST http:\/\/127\.0\.0\.1:\d+\/v1\/smile_links: 2213 .*callback_url/,
    );
    expect(error.details.apiCode).toBe("2213");
  });

  it("say what to check when the credentials are refused", async () => {
    const error = await failureOf(clientFor(emulator(), { apiKey: "wrong-key" }).get("abc"));
    expect(error.message).toContain("HTTP 400 from POST");
    expect(error.message).toContain(": 2205 You are not authorized to do that.");
    expect(error.message).toContain("smileid:partnerId or SMILE_ID_PARTNER_ID");
    expect(error.message).toContain("smileid:apiKey or SMILE_ID_API_KEY");
    expect(error.message).toContain("sandbox keys do not work in production");
    expect(error.message).toContain(`this request went to ${emulator().url}`);
    expect(error.message).toContain("clock");
  });

  it("never retry a refusal", async () => {
    await failureOf(clientFor(emulator(), { apiKey: "wrong-key" }).get("abc"));
    expect(requestLines(emulator())).toEqual([getOf("abc")]);
  });

  it("never carry the API key", async () => {
    const wrong = "sk-wrong-key-7d1e";
    const error = await failureOf(clientFor(emulator(), { apiKey: wrong }).list());
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(API_KEY);
  });

  it("give the same hint for an HTTP 401 without Smile's code", async () => {
    const words = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY });
    try {
      const error = await failureOf(clientFor(words, { apiKey: "wrong-key" }).get("abc"));
      expect(error.details).toMatchObject({ status: 401, refused: true });
      expect(error.message).toContain("sandbox keys do not work in production");
    } finally {
      await words.close();
    }
  });
});

describe.each<Partial<ApiReading>>([{ createStatus: 201 }, { createStatus: 202, refIds: "uuid" }])(
  "a create answered as the docs allow (%o)",
  (reading) => {
    const emulator = useEmulator({ reading });

    it("goes through the whole lifecycle: create, read, update, delete", async () => {
      await configureFor(emulator());
      const inputs = fresh();
      const { id, outs } = await provider.create(inputs);
      expect(outs!.url).toBe((await clientFor(emulator()).get(id)).url);
      if (reading.refIds === "uuid") {
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(outs!.url).toBe(`${new URL(emulator().url).origin}/${PARTNER_ID}/${id}`);
      }
      const read = await provider.read!(id, outs);
      expect(read.id).toBe(id);
      const idTypes = [
        { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" as const },
      ];
      const updated = await provider.update!(id, outs!, { ...inputs, idTypes });
      expect(updated.outs!.url).toBe(outs!.url);
      await provider.delete!(id, updated.outs!);
      expect(emulator().store.get(id)?.disabled_at).not.toBeNull();
    });
  },
);

/** Which answers carry partner_params, the create marker's home. */
const MARKER_SHOWN: { partnerParams: ApiReading["partnerParams"]; lookups: "list" | "get" }[] = [
  { partnerParams: "list-and-get", lookups: "list" },
  { partnerParams: "list", lookups: "list" },
  { partnerParams: "get", lookups: "get" },
];

describe.each(MARKER_SHOWN)(
  "a lost create answer where partner_params are in $partnerParams answers",
  ({ partnerParams, lookups }) => {
    const emulator = useEmulator({ reading: { partnerParams } });

    it("leaves exactly one link, the resource's", async () => {
      await configureFor(emulator());
      emulator().faults.set({ dropAfterWorkNext: 1 });
      const inputs = fresh();
      const { id } = await provider.create(inputs);
      const named = emulator()
        .store.list()
        .filter((link) => link.name === inputs.name);
      expect(named.map((link) => link.ref_id)).toEqual([id]);
      const expected = lookups === "list" ? [CREATE, LIST] : [CREATE, LIST, getOf(id)];
      expect(requestLines(emulator())).toEqual(expected);
    });

    it("POSTs again after a window in which no link appeared", async () => {
      const api = clientFor(emulator(), { retry: QUICK_RETRY });
      await api.create(fresh(), "seed");
      emulator().clearRequests();
      emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
      const inputs = fresh();
      const marker = newCreateMarker(resourcePartFor(inputs));
      const knownIds = new Set<string>();
      const made = await postWithoutDuplicate({
        api,
        inputs,
        marker,
        knownIds,
        linksNow: () => api.list(),
        settle: QUICK_SETTLE,
      });
      expect(emulator().store.get(made.refId)?.name).toBe(inputs.name);
      const lines = requestLines(emulator());
      expect(lines.filter((line) => line === CREATE)).toHaveLength(2);
    });
  },
);

describe("a lost create answer where no answer carries partner_params", () => {
  const emulator = useEmulator({ reading: { partnerParams: "none" } });

  it("POSTs once, leaves one link, and fails naming it and how to take it over", async () => {
    await configureFor(emulator());
    emulator().faults.set({ dropAfterWorkNext: 1 });
    const inputs = fresh();
    const error = await failureOf(provider.create(inputs));
    const named = emulator()
      .store.list()
      .filter((link) => link.name === inputs.name);
    expect(named).toHaveLength(1);
    const refId = named[0]!.ref_id;
    expect(error.message).toContain(`A link may have been made`);
    expect(error.message).toContain(`named "${inputs.name}"`);
    expect(error.message).toContain(`(ref_id ${refId})`);
    expect(error.message).toContain("adoptRefId");
    expect(error.message).toContain("smile-links export");
    expect(error.message).toContain("It did not POST again");
    expect(requestLines(emulator())).toEqual([CREATE, LIST, getOf(refId)]);
  });

  it("never POSTs again after a window in which no link appeared", async () => {
    const api = clientFor(emulator(), { retry: QUICK_RETRY });
    await api.create(fresh());
    emulator().clearRequests();
    emulator().faults.set({ failNext: [{ status: 502, count: 1 }] });
    const inputs = fresh();
    const error = await failureOf(
      postWithoutDuplicate({
        api,
        inputs,
        marker: newCreateMarker(resourcePartFor(inputs)),
        knownIds: new Set(),
        linksNow: () => api.list(),
        settle: QUICK_SETTLE,
      }),
    );
    expect(error.message).toMatch(/^create link "Reading test \d+": HTTP 502 from POST /);
    expect(error.message).toContain(`none named "${inputs.name}" appeared`);
    expect(error.message).toContain("It did not POST again");
    // After the looks, one get of a listed link shows that get answers hide partner_params too.
    expect(requestLines(emulator())).toEqual([
      CREATE,
      ...Array<string>(LOOKS).fill(LIST),
      expect.stringMatching(/^POST \/smile_links\/[0-9a-f]{16}$/),
    ]);
    expect(
      emulator()
        .store.list()
        .some((link) => link.name === inputs.name),
    ).toBe(false);
  });

  it("gets no link made well before the create began", async () => {
    const api = clientFor(emulator());
    const inputs = fresh();
    const old = await api.create(inputs);
    const createdAt = Date.parse(emulator().store.get(old.refId)!.created_at);
    emulator().clearRequests();
    const search = await findMarkedLink(api, await api.list(), {
      matches: () => true,
      name: inputs.name,
      since: createdAt + CLOCK_SLACK_MS + 1,
      knownIds: new Set(),
      fetched: new Map(),
    });
    expect(search.found).toBeUndefined();
    expect(search.unresolved).toEqual([]);
    expect(requestLines(emulator())).toEqual([LIST]);
  });
});

describe("an orphan of an interrupted run", () => {
  describe("where only get answers carry partner_params", () => {
    const emulator = useEmulator({ reading: { partnerParams: "get" } });

    it("is found by a get of each enabled link of its name", async () => {
      const api = clientFor(emulator());
      const inputs = fresh({ resourceKey: "project/stack/orphan-get" });
      const part = resourcePartFor(inputs);
      const orphan = await api.create(inputs, newCreateMarker(part));
      emulator().clearRequests();
      const found = await new OrphanIndex(new Set()).find(api, part, inputs.name);
      expect(found?.refId).toBe(orphan.refId);
      expect(requestLines(emulator())).toEqual([LIST, getOf(orphan.refId)]);
    });
  });

  describe("where no answer carries partner_params", () => {
    const emulator = useEmulator({ reading: { partnerParams: "none" } });

    it("is never guessed: the create fails naming the links it cannot tell apart", async () => {
      const api = clientFor(emulator());
      const inputs = fresh({ resourceKey: "project/stack/orphan-none" });
      const part = resourcePartFor(inputs);
      const orphan = await api.create(inputs, newCreateMarker(part));
      const error = await failureOf(new OrphanIndex(new Set()).find(api, part, inputs.name));
      expect(error.message).toContain(`(ref_id ${orphan.refId})`);
      expect(error.message).toContain("adoptRefId");
      expect(error.message).toContain("smileid:adoptOrphans to false");
    });
  });
});
