import { describe, expect, it } from "vitest";
import {
  DOCUMENTED_READING,
  startEmulator,
  type ApiReading,
  type RunningEmulator,
} from "../../provider/emulator";
import {
  API_KEY,
  createLink,
  linkBody,
  PARTNER_ID,
  send,
  signed,
  useEmulator,
} from "../helpers/emulator";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PARAMS = { is_paying: "true", "customer branch": "country x" };

/** Runs `use` against an emulator of its own that plays `reading`, closed afterwards. */
async function withReading<T>(
  reading: Partial<ApiReading>,
  use: (emulator: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({
    port: 0,
    partnerId: PARTNER_ID,
    apiKey: API_KEY,
    reading,
  });
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

function originOf(emulator: RunningEmulator): string {
  return emulator.url.replace(/\/v1$/, "");
}

describe("the default reading", () => {
  const emulator = useEmulator();

  it("is the documented reading", () => {
    expect(emulator().reading).toEqual(DOCUMENTED_READING);
  });
});

describe("a reading that is not one", () => {
  it("stops the emulator from starting, naming the field, the value and the choices", async () => {
    await expect(startEmulator({ reading: { listPath: "x" as never } })).rejects.toThrow(
      'reading.listPath must be one of ":list", "list", "both" (got "x")',
    );
  });
});

describe("listPath: where the list endpoint answers", () => {
  it.each([
    [":list", ":list"],
    ["list", "list"],
    ["both", ":list"],
    ["both", "list"],
  ] as const)("under %s, lists at /v1/smile_links/%s", async (listPath, segment) => {
    await withReading({ listPath }, async (emulator) => {
      const { ref_id } = await createLink(emulator);
      const answer = await send(emulator, "POST", `/v1/smile_links/${segment}`, signed());
      expect(answer.status).toBe(200);
      expect(answer.body.links).toEqual([expect.objectContaining({ ref_id })]);
    });
  });

  it.each([
    [":list", "list"],
    ["list", ":list"],
  ] as const)(
    "under %s, takes /v1/smile_links/%s as the id of a link that does not exist",
    async (listPath, segment) => {
      await withReading({ listPath }, async (emulator) => {
        const answer = await send(emulator, "POST", `/v1/smile_links/${segment}`, signed());
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({ error: `link ${segment} not found`, code: "not_found" });
      });
    },
  );
});

describe("partnerParams: which answers carry a link's partner_params", () => {
  it.each([
    ["list-and-get", true],
    ["list", true],
    ["get", false],
    ["none", false],
  ] as const)(
    "under %s, each link of a list answer has the key: %s",
    async (partnerParams, has) => {
      await withReading({ partnerParams }, async (emulator) => {
        await createLink(emulator, { partner_params: PARAMS });
        const answer = await send(emulator, "POST", "/v1/smile_links/:list", signed());
        const [link] = answer.body.links as Record<string, unknown>[];
        expect(Object.hasOwn(link!, "partner_params")).toBe(has);
      });
    },
  );

  it.each([
    ["list-and-get", true],
    ["get", true],
    ["list", false],
    ["none", false],
  ] as const)("under %s, a get answer has the key: %s", async (partnerParams, has) => {
    await withReading({ partnerParams }, async (emulator) => {
      const { ref_id } = await createLink(emulator, { partner_params: PARAMS });
      const answer = await send(emulator, "POST", `/v1/smile_links/${ref_id}`, signed());
      expect(Object.hasOwn(answer.body, "partner_params")).toBe(has);
    });
  });

  it("keeps the params of a link whose answers leave them out", async () => {
    await withReading({ partnerParams: "none" }, async (emulator) => {
      const { ref_id } = await createLink(emulator, { partner_params: PARAMS });
      expect(emulator.store.get(ref_id)?.partner_params).toEqual(PARAMS);
    });
  });
});

describe("errorShape smile: Smile's own error bodies", () => {
  const emulator = useEmulator({ reading: { errorShape: "smile" } });

  it.each([
    ["signature is wrong", { ...signed(), signature: "d3Jvbmc=" }],
    ["signature is missing", { ...signed(), signature: undefined }],
    ["partner_id is another partner", { ...signed(), partner_id: "someone-else" }],
    ["timestamp is older than the window", signed({}, new Date(Date.now() - 10 * 60_000))],
  ])("answers 400 with code 2205 and Smile's text when the %s", async (_case, body) => {
    const answer = await send(emulator(), "POST", "/v1/smile_links", { ...linkBody(), ...body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: "2205", error: "You are not authorized to do that." });
  });

  it("answers 400 with code 2213 naming a missing field", async () => {
    const body = signed(linkBody({ callback_url: undefined }));
    const answer = await send(emulator(), "POST", "/v1/smile_links", body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: "2213",
      error: "callback_url is required",
      field: "callback_url",
    });
  });

  it("answers 404 for an unknown link with an error and no code", async () => {
    const answer = await send(emulator(), "POST", "/v1/smile_links/0123456789abcdef", signed());
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: "link 0123456789abcdef not found" });
  });

  it("answers an injected 503 with code 2201", async () => {
    emulator().faults.set({ failNext: [{ status: 503, count: 1 }] });
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(linkBody()));
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ code: "2201", error: "injected fault: HTTP 503" });
  });

  it("keeps the emulator's words for its own controls, which are not Smile's API", async () => {
    const answer = await send(emulator(), "POST", "/__emulator/faults", { errorRate: 2 });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "invalid_faults" });
  });
});

describe("createStatus: the status of a successful create", () => {
  it.each([201, 202] as const)("answers a create %s and makes the link", async (createStatus) => {
    await withReading({ createStatus }, async (emulator) => {
      const answer = await send(emulator, "POST", "/v1/smile_links", signed(linkBody()));
      expect(answer.status).toBe(createStatus);
      expect(emulator.store.get(answer.body.ref_id as string)).toBeDefined();
    });
  });
});

describe("refIds uuid: ids and URLs as Smile makes them", () => {
  const emulator = useEmulator({ reading: { refIds: "uuid" } });

  it("gives a new link a UUID as its ref_id and link_id", async () => {
    const { ref_id } = await createLink(emulator());
    expect(ref_id).toMatch(UUID);
    const answer = await send(emulator(), "POST", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.body.link_id).toBe(ref_id);
  });

  it("answers a create with the link at {origin}/{partner_id}/{uuid}", async () => {
    const { link, ref_id } = await createLink(emulator());
    expect(link).toBe(`${originOf(emulator())}/${PARTNER_ID}/${ref_id}`);
  });

  it("gives the same URL as link_url in get, list and update answers", async () => {
    const { link, ref_id } = await createLink(emulator());
    const got = await send(emulator(), "POST", `/v1/smile_links/${ref_id}`, signed());
    const listed = await send(emulator(), "POST", "/v1/smile_links/:list", signed());
    const updated = await send(
      emulator(),
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: false }),
    );
    const inList = (listed.body.links as { ref_id: string; link_url: string }[]).find(
      (entry) => entry.ref_id === ref_id,
    );
    expect([got.body.link_url, inList?.link_url, updated.body.link_url]).toEqual([
      link,
      link,
      link,
    ]);
  });

  it("serves the hosted page at the link's URL", async () => {
    const { link } = await createLink(emulator(), { name: "Onboarding" });
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Onboarding");
  });

  it("finds no page for the link under another partner's path", async () => {
    const { ref_id } = await createLink(emulator());
    const response = await fetch(`${originOf(emulator())}/someone-else/${ref_id}`);
    expect(response.status).toBe(404);
  });
});
