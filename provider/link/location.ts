import { SmileLinksError } from "../errors";

/** Where a link lives, recorded in its outputs (`apiUrl`, `partnerId`). */
export interface LinkLocation {
  apiUrl: string;
  partnerId: string;
}

/** An API root as the client uses it: without trailing slashes. */
function normalizeApiUrl(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, "");
}

/** A link as its stored outputs describe it; state written by any version may lack fields. */
export interface PlacedLink {
  refId: string;
  name?: unknown;
  apiUrl?: unknown;
  partnerId?: unknown;
}

/**
 * Fails when the stack's settings point to another API or partner than the one the link
 * lives at: that account would not know the link, and its 404 must never be taken for "gone".
 * `current.partnerId` is compared only when it is known (a preview may run without
 * credentials); state without a recorded place is not checked.
 */
export function assertSameLocation(
  link: PlacedLink,
  current: { apiUrl: string; partnerId?: string },
  operation: string,
): void {
  const storedUrl = typeof link.apiUrl === "string" ? normalizeApiUrl(link.apiUrl) : undefined;
  const storedPartner = typeof link.partnerId === "string" ? link.partnerId : undefined;
  const currentUrl = normalizeApiUrl(current.apiUrl);
  const urlDiffers = storedUrl !== undefined && storedUrl !== currentUrl;
  const partnerDiffers =
    storedPartner !== undefined &&
    current.partnerId !== undefined &&
    storedPartner !== current.partnerId;
  if (!urlDiffers && !partnerDiffers) return;
  const place = (url: string | undefined, partner: string | undefined) =>
    `${url ?? "(API not recorded)"} as partner ${partner ?? "(not set)"}`;
  const name = typeof link.name === "string" ? ` ("${link.name}")` : "";
  throw new SmileLinksError(
    "config",
    `cannot ${operation} link ${link.refId}${name}: it lives at ` +
      `${place(storedUrl ?? currentUrl, storedPartner)}, but this stack's settings now point to ` +
      `${place(currentUrl, current.partnerId)}, where a missing link would look deleted. ` +
      `Keep one stack per environment (pulumi stack select), and check smileid:environment, ` +
      `smileid:apiUrl and smileid:partnerId (or SMILE_ID_ENVIRONMENT, SMILE_ID_API_URL and ` +
      `SMILE_ID_PARTNER_ID). To move links on purpose, either run pulumi destroy with the old ` +
      `settings (it disables them where they live) and then pulumi up with the new ones, or ` +
      `forget them, as they are, with pulumi state delete '<urn>' (pulumi stack --show-urns ` +
      `lists the URNs) before the next pulumi up.`,
  );
}
