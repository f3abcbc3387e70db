import type { AxiosError, AxiosInstance } from "axios";
import { z } from "zod";
import { clause, sentence, SmileLinksError } from "../errors";
import type { LiveLink, SmileLinkInputs } from "../link/types";
import {
  createdSchema,
  fromWireLink,
  listPageSchema,
  toCreateBody,
  toUpdateBody,
  type LinkChanges,
  wireLinkSchema,
} from "../link/wire";
import { RequestGate } from "./concurrency";
import { apiUrlProblem, hasVersionSegment } from "../api-url";
import { DEFAULT_TIMEOUT_SECONDS, PULUMI_SETTING_NAMES, type SettingNames } from "../settings";
import { requestIdNote, toSmileLinksError } from "./failure-messages";
import { failureFacts, isTransient, provablyNotProcessed, requestIdOf } from "./http-errors";
import { createHttp } from "./http";
import { proxyRoute, type ProxyRoute } from "./proxy";
import { asksTooLong, DEFAULT_RETRY_POLICY, retryBudget, type RetryPolicy } from "./retry-timing";
import {
  isNotTheList,
  knownListPath,
  LIST_PATHS,
  rememberListPath,
  type ListPath,
} from "./list-path";
import { redactor } from "./redact";
import { createSigner } from "./signature";

export interface SmileLinksClientOptions {
  partnerId: string;
  apiKey: string;
  /** API root ending in `/v1`. */
  apiUrl: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight at once; default 8. */
  maxConcurrency?: number;
  /**
   * How the caller's users set each setting, as error messages name them: the providers'
   * stack config keys (the default), or a command's flags.
   */
  settingNames?: SettingNames;
}

/** The first page of the account's links, and the list path that answered it. */
export interface FirstListPage {
  listPath: ListPath;
  links: LiveLink[];
  totalPages: number;
}

/** A new link as the create endpoint returns it. */
export interface CreatedLink {
  refId: string;
  url: string;
}

const MAX_PAGES = 10_000;

/** One request to the API, as `send` makes it. */
interface ApiRequest<S extends z.ZodType> {
  /** The operation, as error messages name it: `update link abc`. */
  what: string;
  /** Default "post". */
  method?: "post" | "put";
  path: string;
  payload: Record<string, unknown>;
  /** What a successful answer must look like. */
  schema: S;
  /** Whether a failure may be retried, within the retry budget. */
  retryable: (error: AxiosError) => boolean;
}

/** What a request's successful answer held. */
interface Answered<T> {
  data: T;
  requestId?: string;
}

/**
 * The signed client of the Smile Links API's four endpoints. Every request carries a fresh
 * timestamp and signature and a timeout. Gets, updates and lists are retried on 408, 429,
 * 5xx and broken connections; a create only when the API provably did not process it (429,
 * connection refused, a proxy that stopped it), since repeating a processed create makes a
 * second link. A Retry-After longer than the policy waits is never retried.
 */
export class SmileLinksClient {
  readonly apiUrl: string;
  readonly partnerId: string;
  readonly retryPolicy: RetryPolicy;
  readonly timeoutMs: number;
  private readonly http: AxiosInstance;
  private readonly gate: RequestGate;
  private readonly redact: (text: string) => string;
  private readonly names: SettingNames;
  private readonly proxy: ProxyRoute | undefined;

  constructor(options: SmileLinksClientOptions) {
    const problem = apiUrlProblem(options.apiUrl);
    if (problem) {
      throw new SmileLinksError(
        "config",
        `apiUrl must be the API's URL; got "${options.apiUrl}": ${problem}.`,
        { setting: "apiUrl" },
      );
    }
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    this.partnerId = options.partnerId;
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.retryPolicy = policy;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_SECONDS * 1000;
    this.names = options.settingNames ?? PULUMI_SETTING_NAMES;
    this.proxy = proxyRoute(this.apiUrl);
    this.redact = redactor({ apiKey: options.apiKey, proxySecrets: this.proxy?.secrets });
    this.gate = new RequestGate(options.maxConcurrency ?? 8);
    this.http = createHttp({
      apiUrl: this.apiUrl,
      timeoutMs: this.timeoutMs,
      policy,
      gate: this.gate,
      sign: createSigner(options.partnerId, options.apiKey),
      proxy: this.proxy,
    });
  }

  /**
   * `POST /v1/smile_links`: makes a link. `createMarker`, when given, is stored in the link's
   * partner params so that `list` can find the link if the answer is lost. A 2xx answer that
   * cannot be read is an error with `details.ambiguous`: the API may have made the link.
   */
  async create(inputs: SmileLinkInputs, createMarker?: string): Promise<CreatedLink> {
    const what = `create link "${inputs.name}"`;
    const answer = await this.send({
      what,
      path: "/smile_links",
      payload: toCreateBody(inputs, createMarker),
      schema: z.unknown(),
      retryable: (e) => {
        const facts = failureFacts(e);
        return provablyNotProcessed(facts) && isTransient(facts);
      },
    });
    return this.parse(what, createdSchema, answer, { ambiguous: true });
  }

  /** `PUT /v1/smile_links/:ref_id`: replaces the ID types and/or sets the disabled flag. */
  async update(refId: string, changes: LinkChanges): Promise<LiveLink> {
    const { data } = await this.send({
      what: `update link ${refId}`,
      method: "put",
      path: `/smile_links/${encodeURIComponent(refId)}`,
      payload: toUpdateBody(changes),
      schema: wireLinkSchema,
      retryable: (e) => isTransient(failureFacts(e)),
    });
    return fromWireLink(data, refId);
  }

  /** `POST /v1/smile_links/:ref_id`: one link; a 404 is an error of kind "api" with status 404. */
  async get(refId: string): Promise<LiveLink> {
    const { data } = await this.send({
      what: `get link ${refId}`,
      path: `/smile_links/${encodeURIComponent(refId)}`,
      payload: {},
      schema: wireLinkSchema,
      retryable: (e) => isTransient(failureFacts(e)),
    });
    return fromWireLink(data, refId);
  }

  /**
   * `POST /v1/smile_links/:list` (or `/list`, see list-path.ts), every page. The first page is
   * asked for without a number, as the docs describe, and the next pages count on from the
   * `currentPage` it reports, so either 0- or 1-based numbering works.
   */
  async list(): Promise<LiveLink[]> {
    const first = await this.listPage(undefined);
    const base = first.meta?.currentPage ?? 1;
    const totalPages = Math.min(first.meta?.totalPages ?? 1, MAX_PAGES);
    const numbers = Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => base + 1 + i);
    // The other pages are fetched side by side, within the client's cap on requests.
    const rest = await Promise.all(numbers.map((page) => this.listPage(page)));
    const links = new Map<string, LiveLink>();
    [first, ...rest].forEach((page, index) => {
      for (const link of this.pageLinks(page.links, base + index)) links.set(link.refId, link);
    });
    return [...links.values()];
  }

  /** The first page of the list only, with the path that answered it. */
  async firstListPage(): Promise<FirstListPage> {
    const page = await this.listPage(undefined);
    return {
      listPath: knownListPath(this.apiUrl)!,
      links: this.pageLinks(page.links, page.meta?.currentPage ?? 1),
      totalPages: page.meta?.totalPages ?? 1,
    };
  }

  private pageLinks(raw: unknown[], page: number): LiveLink[] {
    return raw.map((entry) =>
      fromWireLink(this.parse(`list links (page ${page})`, wireLinkSchema, { data: entry }), ""),
    );
  }

  /**
   * One page, from the list path this API is known to answer at; until it is known, the
   * documented path first and, when that answer says it is not the list, the other one.
   */
  private async listPage(page: number | undefined) {
    const known = knownListPath(this.apiUrl);
    if (known) return this.listPageAt(known, page);
    const [documented, other] = LIST_PATHS;
    try {
      return await this.listPageAt(documented, page, true);
    } catch (error) {
      // Without the version segment no path is the list: the first answer says why.
      if (!isNotTheList(error) || !hasVersionSegment(this.apiUrl)) throw error;
      return this.listPageAt(other, page, true).catch((second: unknown) => {
        if (!isNotTheList(second)) throw second;
        const { message, details } = error as SmileLinksError;
        throw new SmileLinksError(
          "api",
          `${clause(message)}; nor is the list at /smile_links/${other}: ${sentence((second as Error).message)}`,
          details,
        );
      });
    }
  }

  private async listPageAt(path: ListPath, page: number | undefined, remember = false) {
    const { data: answer } = await this.send({
      what: `list links${page === undefined ? "" : ` (page ${page})`}`,
      path: `/smile_links/${path}`,
      payload: page === undefined ? {} : { page },
      schema: listPageSchema,
      retryable: (e) => isTransient(failureFacts(e)),
    });
    if (remember) rememberListPath(this.apiUrl, path);
    return answer;
  }

  private async send<S extends z.ZodType>({
    what,
    method = "post",
    path,
    payload,
    schema,
    retryable,
  }: ApiRequest<S>): Promise<Answered<z.infer<S>>> {
    const request = `${method.toUpperCase()} ${this.apiUrl}${path}`;
    const budget = retryBudget(this.retryPolicy);
    const mayRetry = (error: AxiosError) => {
      const facts = failureFacts(error);
      if (asksTooLong(facts.retryAfterMs, this.retryPolicy)) return false;
      return retryable(error) && budget(facts.status === 429);
    };
    const response = await this.gate
      .run(() =>
        this.http.request({
          method,
          url: path,
          smileLinks: { payload, mayRetry, startedAt: Date.now() },
        }),
      )
      .catch((error: unknown) => {
        throw toSmileLinksError(error, {
          what,
          request,
          apiUrl: this.apiUrl,
          names: this.names,
          timeoutMs: this.timeoutMs,
          policy: this.retryPolicy,
          proxy: this.proxy,
          redact: this.redact,
        });
      });
    const requestId = requestIdOf(response.headers);
    return { data: this.parse(what, schema, { data: response.data, requestId }), requestId };
  }

  private parse<S extends z.ZodType>(
    what: string,
    schema: S,
    { data, requestId }: Answered<unknown>,
    details: SmileLinksError["details"] = {},
  ): z.output<S> {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "body"}: ${clause(issue.message)}`)
      .join("; ");
    throw new SmileLinksError(
      "response",
      this.redact(
        `${what}: unexpected answer from the API: ${problems}${requestIdNote(requestId)}.`,
      ),
      { ...details, ...(requestId !== undefined && { requestId }) },
    );
  }
}
