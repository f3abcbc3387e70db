/**
 * A link's outputs besides its inputs (docs/reference.md, "Outputs"): the one table from which
 * the output types, the resource's output declarations, the package schema, the reference page
 * and the reading of answers (wire.ts) are derived. `alwaysSet: false` outputs are null until
 * the API reports them. No imports: the benchmark's floor loads this file on its own.
 */
export const OUTPUT_FIELDS = {
  refId: {
    type: "string",
    source: "`ref_id`",
    description: "The API's ref_id; also the resource id.",
    alwaysSet: true,
  },
  url: {
    type: "string",
    source: "`link` (create), `link_url` (get, update)",
    description: "The link to share; a secret output for single-use links.",
    alwaysSet: true,
  },
  createdAt: {
    type: "string",
    answer: { wire: "created_at", kind: "dateTime" },
    description: "When the link was made (filled by a refresh).",
    alwaysSet: false,
  },
  updatedAt: {
    type: "string",
    answer: { wire: "updated_at", kind: "dateTime" },
    description: "When the link last changed (filled by a refresh).",
    alwaysSet: false,
  },
  disabledAt: {
    type: "string",
    answer: { wire: "disabled_at", kind: "dateTime" },
    description: "When the link was disabled, if it is.",
    alwaysSet: false,
  },
  totalJobs: {
    type: "integer",
    answer: { wire: "total_jobs", kind: "count" },
    description: "Jobs run through the link.",
    alwaysSet: true,
  },
  successfulJobs: {
    type: "integer",
    answer: { wire: "successful_jobs", kind: "count" },
    description: "Jobs that passed.",
    alwaysSet: true,
  },
  failedJobs: {
    type: "integer",
    answer: { wire: "failed_jobs", kind: "count" },
    description: "Jobs that failed.",
    alwaysSet: true,
  },
  apiUrl: {
    type: "string",
    source: "the provider's `apiUrl` setting",
    description: "The API root the link lives at.",
    alwaysSet: true,
  },
  partnerId: {
    type: "string",
    source: "`partner_id`, else the provider's `partnerId` setting",
    description: "The partner the link belongs to.",
    alwaysSet: true,
  },
} as const satisfies Record<string, OutputSpec>;

export interface OutputSpec {
  /** The package schema's type: `string` or `integer`. */
  type: "string" | "integer";
  /**
   * Where get, update and list answers carry it, and how it is read there (wire.ts): a
   * date-time, or a counter.
   */
  answer?: { wire: string; kind: "dateTime" | "count" };
  /** Where the value comes from (Markdown) when it is not simply read from an answer. */
  source?: string;
  description: string;
  alwaysSet: boolean;
}

export type OutputField = keyof typeof OUTPUT_FIELDS;

export const OUTPUT_NAMES = Object.keys(OUTPUT_FIELDS) as OutputField[];

type ValueOf<Spec extends OutputSpec> =
  | (Spec["type"] extends "integer" ? number : string)
  | (Spec["alwaysSet"] extends true ? never : null);

/** The outputs' values, as the table types them. */
export type OutputValues = { [K in OutputField]: ValueOf<(typeof OUTPUT_FIELDS)[K]> };
