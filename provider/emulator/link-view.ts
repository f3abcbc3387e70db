import type { StoredLink } from "./store";

/** Where the hosted page of a link lives on this emulator. */
export function linkUrl(origin: string, refId: string): string {
  return `${origin}/links/${encodeURIComponent(refId)}`;
}

/**
 * A link as `POST /v1/smile_links/:ref_id` and the list answer it (API docs, "Getting a
 * specific Smile Link"): every documented field, null for an optional one not given.
 */
export function fullLink(link: StoredLink, origin: string): Record<string, unknown> {
  return {
    link_url: linkUrl(origin, link.ref_id),
    link_id: link.link_id,
    ref_id: link.ref_id,
    name: link.name,
    id_types: link.id_types,
    is_single_use: link.is_single_use,
    callback_url: link.callback_url,
    data_privacy_policy_url: link.data_privacy_policy_url,
    logo_url: link.logo_url,
    user_id: link.user_id,
    total_jobs: link.successful_jobs + link.failed_jobs,
    failed_jobs: link.failed_jobs,
    successful_jobs: link.successful_jobs,
    company_name: link.company_name,
    partner_id: link.partner_id,
    created_at: link.created_at,
    disabled_at: link.disabled_at,
    expires_at: link.expires_at,
    updated_at: link.updated_at,
    redirect_url: link.redirect_url,
    partner_params: link.partner_params,
  };
}

/** The answer of `PUT /v1/smile_links/:ref_id`: exactly the docs' four fields. */
export function updatedLink(link: StoredLink, origin: string): Record<string, unknown> {
  return {
    disabled_at: link.disabled_at,
    id_types: link.id_types,
    link_url: linkUrl(origin, link.ref_id),
    ref_id: link.ref_id,
  };
}
