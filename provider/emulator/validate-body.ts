import {
  anyString,
  dateTime,
  flag,
  idTypes,
  invalid,
  optional,
  stringRecord,
  text,
  url,
  type Body,
} from "./validate-fields";
import { HttpError } from "./http-error";
import type { IdObject } from "./id-object";

/** The fields of `POST /v1/smile_links` (API docs, "Create a Smile Link"), optionals as null. */
export interface CreateFields {
  name: string;
  company_name: string;
  id_types: IdObject[];
  callback_url: string;
  data_privacy_policy_url: string;
  logo_url: string | null;
  is_single_use: boolean;
  user_id: string | null;
  expires_at: string | null;
  partner_params: Record<string, string> | null;
  redirect_url: string | null;
}

/** The fields of `PUT /v1/smile_links/:ref_id` (API docs, "Updating a Smile Link"). */
export interface UpdateFields {
  is_disabled?: boolean;
  /** Replaces the whole list. */
  id_types?: IdObject[];
}

/** Unknown fields are ignored, as the signature fields are here: they were checked before. */
export function parseCreateBody(body: Body): CreateFields {
  return {
    name: text(body, "name"),
    company_name: text(body, "company_name"),
    id_types: idTypes(body, "id_types"),
    callback_url: url(body, "callback_url"),
    data_privacy_policy_url: url(body, "data_privacy_policy_url"),
    logo_url: optional(body, "logo_url", url),
    is_single_use: optional(body, "is_single_use", flag) ?? false,
    // The docs' own sample sends `"user_id": ""`, so an empty string is accepted as given.
    user_id: optional(body, "user_id", anyString),
    expires_at: optional(body, "expires_at", dateTime),
    partner_params: optional(body, "partner_params", stringRecord),
    redirect_url: optional(body, "redirect_url", url),
  };
}

export function parseUpdateBody(body: Body): UpdateFields {
  const fields: UpdateFields = {};
  if (body.is_disabled !== undefined) fields.is_disabled = flag(body, "is_disabled");
  if (body.id_types !== undefined) fields.id_types = idTypes(body, "id_types");
  if (fields.is_disabled === undefined && fields.id_types === undefined) {
    throw new HttpError(400, "missing_field", "an update needs is_disabled, id_types or both");
  }
  return fields;
}

/** API docs, "Getting all your Smile Links": no page means the first page. */
export function parseListBody(body: Body): number {
  const page = body.page;
  if (page === undefined || page === null) return 1;
  if (typeof page !== "number" || !Number.isSafeInteger(page) || page < 1) {
    throw invalid("page", "must be a whole number of at least 1", page);
  }
  return page;
}

export interface JobCounts {
  successful: number;
  failed: number;
}

/** Body of the test-only `POST /__emulator/links/:ref_id/jobs`; an absent count is 0. */
export function parseJobsBody(body: Body): JobCounts {
  const count = (field: "successful" | "failed"): number => {
    const value = body[field] ?? 0;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw invalid(field, "must be a whole number of at least 0", value);
    }
    return value;
  };
  return { successful: count("successful"), failed: count("failed") };
}
