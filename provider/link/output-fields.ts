/**
 * A link's outputs besides its inputs (docs/reference.md, "Outputs"): the one table from which the
 * output types, the resource's output declarations, the package schema and the reference page
 * are derived. `alwaysSet: false` outputs are null until the API reports them. No imports: the
 * benchmark's floor loads this file on its own.
 */
export const OUTPUT_FIELDS = {
  refId: {
    type: "string",
    wire: "`ref_id`",
    description: "The API's ref_id; also the resource id.",
    alwaysSet: true,
  },
  url: {
    type: "string",
    wire: "`link` (create), `link_url` (get, update)",
    description: "The link to share; a secret output for single-use links.",
    alwaysSet: true,
  },
  createdAt: {
    type: "string",
    wire: "`created_at`",
    description: "When the link was made (filled by a refresh).",
    alwaysSet: false,
  },
  updatedAt: {
    type: "string",
    wire: "`updated_at`",
    description: "When the link last changed (filled by a refresh).",
    alwaysSet: false,
  },
  disabledAt: {
    type: "string",
    wire: "`disabled_at`",
    description: "When the link was disabled, if it is.",
    alwaysSet: false,
  },
  totalJobs: {
    type: "integer",
    wire: "`total_jobs`",
    description: "Jobs run through the link.",
    alwaysSet: true,
  },
  successfulJobs: {
    type: "integer",
    wire: "`successful_jobs`",
    description: "Jobs that passed.",
    alwaysSet: true,
  },
  failedJobs: {
    type: "integer",
    wire: "`failed_jobs`",
    description: "Jobs that failed.",
    alwaysSet: true,
  },
  apiUrl: {
    type: "string",
    wire: "the provider's `apiUrl` setting",
    description: "The API root the link lives at.",
    alwaysSet: true,
  },
  partnerId: {
    type: "string",
    wire: "`partner_id`, else the provider's `partnerId` setting",
    description: "The partner the link belongs to.",
    alwaysSet: true,
  },
} as const satisfies Record<string, OutputSpec>;

export interface OutputSpec {
  /** The package schema's type: `string` or `integer`. */
  type: "string" | "integer";
  /** Where the value comes from (Markdown), for the reference page. */
  wire: string;
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
