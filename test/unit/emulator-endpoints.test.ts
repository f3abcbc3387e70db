import { EMULATOR_CREDENTIALS, SmileLinksClient } from "../../provider";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  PARTNER_ID,
  signed,
  linkBody,
  send,
  createLink,
  useEmulator,
} from "../helpers/emulator";

const emulator = useEmulator();

describe("create: POST /v1/smile_links", () => {
  it("answers the new link's URL and a URL-safe ref_id", async () => {
    const answer = await send(emulator(), "POST", "/v1/smile_links", signed(linkBody()));
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(["link", "ref_id"]);
    expect(answer.body.ref_id).toMatch(/^[0-9a-f]{16}$/);
    expect(answer.body.link).toBe(
      `${emulator().url.replace(/\/v1$/, "")}/links/${answer.body.ref_id}`,
    );
  });

  it("serves a page at the link's URL", async () => {
    const { link } = await createLink(emulator(), { name: "Onboarding <KYC>" });
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Onboarding &lt;KYC&gt;");
  });
});

describe("get: POST /v1/smile_links/:ref_id", () => {
  it("answers every documented field, null for optionals not given", async () => {
    const { ref_id, link } = await createLink(emulator());
    const answer = await send(emulator(), "POST", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      link_url: link,
      link_id: ref_id,
      ref_id,
      name: "My Link",
      id_types: [{ country: "NG", id_type: "PASSPORT", verification_method: "doc_verification" }],
      is_single_use: false,
      callback_url: "https://example.webhook.com",
      data_privacy_policy_url: "https://mywebsite.com/privacy_policy",
      logo_url: null,
      user_id: null,
      total_jobs: 0,
      failed_jobs: 0,
      successful_jobs: 0,
      company_name: "My Company Name",
      partner_id: PARTNER_ID,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      disabled_at: null,
      expires_at: null,
      updated_at: answer.body.created_at,
      redirect_url: null,
      partner_params: null,
    });
  });

  it("answers the optional fields as they were given", async () => {
    const optionals = {
      logo_url: "https://mywebsite.com/logo.png",
      is_single_use: true,
      user_id: "user-1",
      expires_at: "2030-02-28T16:13:40.813Z",
      partner_params: { is_paying: "true", "customer branch": "country x" },
      redirect_url: "https://example.com/redirect",
    };
    const { ref_id } = await createLink(emulator(), optionals);
    const answer = await send(emulator(), "POST", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.body).toMatchObject(optionals);
  });

  it("counts simulated jobs as numbers", async () => {
    const { ref_id } = await createLink(emulator());
    await emulator().store.recordJobs(ref_id, { successful: 3, failed: 1 });
    const answer = await send(emulator(), "POST", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.body).toMatchObject({ total_jobs: 4, successful_jobs: 3, failed_jobs: 1 });
  });

  it("answers 404 with an error body for an unknown link", async () => {
    const answer = await send(emulator(), "POST", "/v1/smile_links/0123456789abcdef", signed());
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: "link 0123456789abcdef not found", code: "not_found" });
  });
});

describe("update: PUT /v1/smile_links/:ref_id", () => {
  it("disables a link and answers exactly the docs' four fields", async () => {
    const { ref_id, link } = await createLink(emulator());
    const answer = await send(
      emulator(),
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: true }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      disabled_at: expect.stringMatching(/Z$/),
      id_types: [{ country: "NG", id_type: "PASSPORT", verification_method: "doc_verification" }],
      link_url: link,
      ref_id,
    });
  });

  it("keeps the first disabled_at when a disabled link is disabled again", async () => {
    const { ref_id } = await createLink(emulator());
    const first = await send(
      emulator(),
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: true }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await send(
      emulator(),
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: true }),
    );
    expect(again.body.disabled_at).toBe(first.body.disabled_at);
  });

  it("clears disabled_at when a link is enabled", async () => {
    const { ref_id } = await createLink(emulator());
    await send(emulator(), "PUT", `/v1/smile_links/${ref_id}`, signed({ is_disabled: true }));
    const answer = await send(
      emulator(),
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: false }),
    );
    expect(answer.body.disabled_at).toBeNull();
  });

  it("replaces the whole id_types list and sets updated_at", async () => {
    const { ref_id } = await createLink(emulator());
    const before = emulator().store.get(ref_id)!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const idTypes = [
      { country: "KE", id_type: "NATIONAL_ID", verification_method: "biometric_kyc" },
    ];
    const answer = await send(
      emulator(),
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ id_types: idTypes }),
    );
    expect(answer.body.id_types).toEqual(idTypes);
    expect(emulator().store.get(ref_id)!.updated_at > before.updated_at).toBe(true);
  });

  it("shows a disabled link's page as disabled", async () => {
    const { ref_id, link } = await createLink(emulator());
    await send(emulator(), "PUT", `/v1/smile_links/${ref_id}`, signed({ is_disabled: true }));
    const response = await fetch(link);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain("This link is disabled");
  });

  it("answers 400 when neither is_disabled nor id_types is given", async () => {
    const { ref_id } = await createLink(emulator());
    const answer = await send(emulator(), "PUT", `/v1/smile_links/${ref_id}`, signed());
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/is_disabled.*id_types/);
  });

  it("answers 400 naming is_disabled when it is not a boolean", async () => {
    const { ref_id } = await createLink(emulator());
    const answer = await send(
      emulator(),
      "PUT",
      `/v1/smile_links/${ref_id}`,
      signed({ is_disabled: "yes" }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^is_disabled /);
    expect(emulator().store.get(ref_id)!.disabled_at).toBeNull();
  });

  it("answers 404 for an unknown link", async () => {
    const answer = await send(
      emulator(),
      "PUT",
      "/v1/smile_links/unknown-link",
      signed({ is_disabled: true }),
    );
    expect(answer.status).toBe(404);
  });
});

describe("list: POST /v1/smile_links/:list", () => {
  let paged: RunningEmulator;
  let refIds: string[];

  beforeAll(async () => {
    paged = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, pageSize: 2 });
    refIds = [];
    for (let i = 0; i < 5; i++)
      refIds.push((await createLink(paged, { name: `link ${i}` })).ref_id);
  });

  afterAll(async () => {
    await paged.close();
  });

  it("pages links in creation order with the docs' meta", async () => {
    const pages = [];
    for (const page of [1, 2, 3]) {
      pages.push(await send(paged, "POST", "/v1/smile_links/:list", signed({ page })));
    }
    expect(pages.map((p) => (p.body.links as { ref_id: string }[]).map((l) => l.ref_id))).toEqual([
      refIds.slice(0, 2),
      refIds.slice(2, 4),
      refIds.slice(4),
    ]);
    expect(pages[2]!.body.meta).toEqual({ currentPage: 3, limit: 2, totalCount: 5, totalPages: 3 });
  });

  it("answers the first page when no page is given", async () => {
    const answer = await send(paged, "POST", "/v1/smile_links/:list", signed());
    expect(answer.body.meta).toMatchObject({ currentPage: 1 });
  });

  it("answers full link objects, as get does", async () => {
    const list = await send(paged, "POST", "/v1/smile_links/:list", signed());
    const get = await send(paged, "POST", `/v1/smile_links/${refIds[0]}`, signed());
    expect((list.body.links as unknown[])[0]).toEqual(get.body);
  });

  it("reports one page when there are no links", async () => {
    const empty = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY });
    const answer = await send(empty, "POST", "/v1/smile_links/:list", signed());
    await empty.close();
    expect(answer.body).toEqual({
      links: [],
      meta: { currentPage: 1, limit: 20, totalCount: 0, totalPages: 1 },
    });
  });

  it.each([0, -1, 1.5, "2"])("answers 400 naming page for page %j", async (page) => {
    const answer = await send(paged, "POST", "/v1/smile_links/:list", signed({ page }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^page /);
  });
});

describe("an emulator started with no credentials", () => {
  let bare: RunningEmulator;
  beforeAll(async () => {
    bare = await startEmulator();
  });
  afterAll(() => bare?.close());

  it("takes the package's EMULATOR_CREDENTIALS, as the CLI's and npm run up's defaults", async () => {
    const client = new SmileLinksClient({ apiUrl: bare.url, ...EMULATOR_CREDENTIALS });
    await expect(client.list()).resolves.toEqual([]);
    const wrong = new SmileLinksClient({ ...EMULATOR_CREDENTIALS, apiUrl: bare.url, apiKey: "x" });
    await expect(wrong.list()).rejects.toMatchObject({ details: { status: 401, refused: true } });
  });
});
