import type { ApiReading } from "./reading";
import type { StoredLink } from "./stored-link";

/**
 * The body of a create's 2xx answer: "documented" `{ link, ref_id }` (API docs), "link_url"
 * `{ link_url, ref_id }` (the names get and list answers use), or "empty" `{}`. The link is
 * made whatever the shape.
 */
export type CreateAnswerShape = "documented" | "link_url" | "empty";

/** What a link's URL depends on besides the link: the emulator's origin and its reading. */
export interface LinkHost {
  /** Scheme, host and port, without a trailing slash. */
  origin: string;
  reading: Readonly<ApiReading>;
}

/**
 * Where the hosted page of a link lives on this emulator: `{origin}/links/{id}`, or under the
 * "uuid" reading `{origin}/{partner_id}/{id}`, as Smile hosts links at
 * links[.sandbox].usesmileid.com/{partner_id}/{uuid}.
 */
export function linkUrl(host: LinkHost, link: Pick<StoredLink, "ref_id" | "partner_id">): string {
  const id = encodeURIComponent(link.ref_id);
  if (host.reading.refIds === "uuid") {
    return `${host.origin}/${encodeURIComponent(link.partner_id)}/${id}`;
  }
  return `${host.origin}/links/${id}`;
}

/** The fields of a get or list answer's link, in the order of the API docs' sample. */
export const FULL_LINK_FIELDS = [
  "link_url",
  "link_id",
  "ref_id",
  "name",
  "id_types",
  "is_single_use",
  "callback_url",
  "data_privacy_policy_url",
  "logo_url",
  "user_id",
  "total_jobs",
  "failed_jobs",
  "successful_jobs",
  "company_name",
  "partner_id",
  "created_at",
  "disabled_at",
  "expires_at",
  "updated_at",
  "redirect_url",
  "partner_params",
] as const;

type FullLinkField = (typeof FULL_LINK_FIELDS)[number];

/**
 * A link as `POST /v1/smile_links/:ref_id` and the list answer it (API docs, "Getting a
 * specific Smile Link"): every documented field, null for an optional one not given, less
 * the fields in `omit` (a fault that mimics a terser API).
 */
export function fullLink(
  link: StoredLink,
  host: LinkHost,
  omit: readonly string[] = [],
): Record<string, unknown> {
  const view: Record<FullLinkField, unknown> = {
    link_url: linkUrl(host, link),
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
  return Object.fromEntries(Object.entries(view).filter(([field]) => !omit.includes(field)));
}

/** The answer of `PUT /v1/smile_links/:ref_id`: exactly the docs' four fields. */
export function updatedLink(link: StoredLink, host: LinkHost): Record<string, unknown> {
  return {
    disabled_at: link.disabled_at,
    id_types: link.id_types,
    link_url: linkUrl(host, link),
    ref_id: link.ref_id,
  };
}

/** The answer of `POST /v1/smile_links` in the shape the fault config asks for. */
export function createdLink(
  link: StoredLink,
  host: LinkHost,
  shape: CreateAnswerShape,
): Record<string, unknown> {
  const url = linkUrl(host, link);
  if (shape === "link_url") return { link_url: url, ref_id: link.ref_id };
  if (shape === "empty") return {};
  return { link: url, ref_id: link.ref_id };
}
