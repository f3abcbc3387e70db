import type { CreateFields } from "./validate-body";

/** A link as the emulator keeps it: the API's snake_case fields, less the derived ones. */
export interface StoredLink extends CreateFields {
  ref_id: string;
  /** The docs use link id and ref id for the same thing ("linkId: the ref_ID of the link"). */
  link_id: string;
  partner_id: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  successful_jobs: number;
  failed_jobs: number;
}
