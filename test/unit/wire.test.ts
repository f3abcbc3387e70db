import { describe, expect, it } from "vitest";
import { CREATE_MARKER_KEY } from "../../provider/link/create-marker";
import { fromWireLink, wireLinkSchema, toCreateBody, toUpdateBody } from "../../provider/link/wire";
import { linkInputs } from "../helpers/links";

/** The mapping follows the API docs, not the emulator's habits: answers vary in shape. */
function mapped(wire: Record<string, unknown>, refId = "requested-ref") {
  return fromWireLink(wireLinkSchema.parse({ id_types: [], ...wire }), refId);
}

describe("camelCase to the wire", () => {
  it("maps a link's inputs to the create body's snake_case", () => {
    const body = toCreateBody(
      linkInputs({
        logoUrl: "https://acme.example/logo.png",
        redirectUrl: "https://acme.example/r",
      }),
    );
    expect(body).toEqual({
      name: "Customer onboarding",
      company_name: "Acme",
      id_types: [
        { country: "NG", id_type: "BVN", verification_method: "enhanced_kyc" },
        { country: "KE", id_type: "NATIONAL_ID", verification_method: "biometric_kyc" },
      ],
      callback_url: "https://acme.example/smile/callback",
      data_privacy_policy_url: "https://acme.example/privacy",
      logo_url: "https://acme.example/logo.png",
      redirect_url: "https://acme.example/r",
      is_single_use: false,
    });
  });

  it("puts a create marker beside the partner params", () => {
    const body = toCreateBody(linkInputs({ partnerParams: { a: "1" } }), "m-1");
    expect(body.partner_params).toEqual({ a: "1", [CREATE_MARKER_KEY]: "m-1" });
  });

  it("sends only what an update changes", () => {
    expect(toUpdateBody({ isDisabled: true })).toEqual({ is_disabled: true });
  });
});

describe("the wire to camelCase", () => {
  it("fills a missing ref_id from link_id, then from the requested id", () => {
    expect(mapped({ link_id: "from-link-id" }).refId).toBe("from-link-id");
    expect(mapped({}).refId).toBe("requested-ref");
  });

  it("takes the URL from link_url, or from link", () => {
    expect(mapped({ link_url: "https://l/1" }).url).toBe("https://l/1");
    expect(mapped({ link: "https://l/2" }).url).toBe("https://l/2");
  });

  it("accepts counters and flags sent as strings, as the docs' sample shows them", () => {
    expect(mapped({ total_jobs: "3", failed_jobs: "1.0", is_single_use: "true" })).toMatchObject({
      totalJobs: 3,
      failedJobs: 1,
      isSingleUse: true,
    });
  });

  it("reads a single-use link's user from user_ids when user_id is absent", () => {
    expect(mapped({ is_single_use: true, user_ids: ["u-1"] }).userId).toBe("u-1");
  });

  it("ignores the auto-generated user ids of a multi-use link", () => {
    expect(mapped({ is_single_use: false, user_ids: ["u-1", "u-2"] }).userId).toBeUndefined();
  });

  it("reads disabled from disabled_at, or from is_disabled when the API sends it", () => {
    expect(mapped({ disabled_at: "2030-01-01T00:00:00Z" }).isDisabled).toBe(true);
    expect(mapped({ is_disabled: true }).isDisabled).toBe(true);
    expect(mapped({ disabled_at: null }).isDisabled).toBe(false);
  });

  it("lifts the create marker out of the partner params", () => {
    const live = mapped({ partner_params: { a: "1", [CREATE_MARKER_KEY]: "m-1" } });
    expect(live).toMatchObject({ partnerParams: { a: "1" }, createMarker: "m-1" });
  });

  it("reads partner params sent as a JSON text", () => {
    expect(mapped({ partner_params: '{"tier":"gold"}' }).partnerParams).toEqual({ tier: "gold" });
  });

  it("reads date-times sent as epoch numbers", () => {
    expect(mapped({ created_at: 1_900_000_000 }).createdAt).toBe("2030-03-17T17:46:40.000Z");
    expect(mapped({ created_at: 1_900_000_000_000 }).createdAt).toBe("2030-03-17T17:46:40.000Z");
  });

  it("tolerates unknown extra fields", () => {
    expect(() => mapped({ brand_new_field: { nested: true } })).not.toThrow();
  });

  it("rejects an answer whose id_types is not a list", () => {
    expect(wireLinkSchema.safeParse({ id_types: "NG" }).success).toBe(false);
  });
});
