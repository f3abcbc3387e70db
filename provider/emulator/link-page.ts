import type { EmulatorResponse } from "./http-error";
import type { StoredLink } from "./stored-link";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Link fields are whatever a client sent, so they are escaped before going into HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function page(status: number, title: string, body: string): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body:
      `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`,
  };
}

/**
 * A stand-in for the hosted verification page at a link's URL, so that a link can be opened
 * in a browser: 404 for an unknown link, 410 for a disabled or expired one.
 */
export function linkPage(link: StoredLink | undefined, now: number): EmulatorResponse {
  if (!link) return page(404, "Link not found", "<p>No Smile Link has this address.</p>");
  if (link.disabled_at !== null) {
    return page(410, link.name, "<p>This link is disabled.</p>");
  }
  if (link.expires_at !== null && Date.parse(link.expires_at) <= now) {
    return page(410, link.name, "<p>This link has expired.</p>");
  }
  const idTypes = link.id_types
    .map((t) => `<li>${escapeHtml(`${t.country} ${t.id_type}: ${t.verification_method}`)}</li>`)
    .join("");
  return page(
    200,
    link.name,
    `<p>${escapeHtml(link.company_name)} asks you to verify your identity with one of:</p>` +
      `<ul>${idTypes}</ul><p>(Smile Links emulator: no verification happens here.)</p>`,
  );
}
