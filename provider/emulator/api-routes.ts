import { verifySignedBody } from "./auth";
import type { AppContext } from "./context";
import { jsonResponse, type EmulatorResponse } from "./http-error";
import { createdLink, fullLink, updatedLink } from "./link-view";
import { jsonBody, type EmulatorRequest } from "./read-body";
import { allowMethods, notFound, refIdFrom } from "./route-rules";
import { carriesPartnerParams, type ListPathReading } from "./reading";
import type { StoredLink } from "./stored-link";
import { parseCreateBody, parseListBody, parseUpdateBody } from "./validate-body";
import type { Body } from "./validate-fields";

function signedBody(request: EmulatorRequest, context: AppContext): Body {
  const body = jsonBody(request);
  verifySignedBody(body, context.credentials, context.now());
  return body;
}

function existing(context: AppContext, refId: string): StoredLink {
  const link = context.store.get(refId);
  if (!link) throw notFound(`link ${refId}`);
  return link;
}

/** The path segments after `/smile_links` that the list endpoint answers at, per reading. */
const LIST_SEGMENTS: Record<ListPathReading, readonly string[]> = {
  ":list": [":list"],
  list: ["list"],
  both: [":list", "list"],
};

/**
 * The link id a path segment names. Under a reading that lists at `/list` only, `:list` is a
 * link id like any other that no link has, so it gets the 404 of an API that routes it to
 * get-one, not the 400 that the id rule would give its colon.
 */
function linkIdFrom(segment: string): string {
  return segment === ":list" ? segment : refIdFrom(segment);
}

/** The fields left out of a get or list answer's links: the fault's, and per the reading. */
function hiddenFields(context: AppContext, answer: "get" | "list"): string[] {
  const { omitFields } = context.faults.config;
  if (carriesPartnerParams(context.reading.partnerParams, answer)) return omitFields;
  return [...omitFields, "partner_params"];
}

async function create(body: Body, context: AppContext): Promise<EmulatorResponse> {
  const link = await context.store.create(parseCreateBody(body), context.credentials.partnerId);
  const answer = createdLink(link, context, context.faults.config.createAnswer);
  return jsonResponse(context.reading.createStatus, answer);
}

async function update(refId: string, body: Body, context: AppContext): Promise<EmulatorResponse> {
  existing(context, refId);
  const link = await context.store.update(refId, parseUpdateBody(body));
  if (!link) throw notFound(`link ${refId}`);
  return jsonResponse(200, updatedLink(link, context));
}

function list(body: Body, context: AppContext): EmulatorResponse {
  const page = parseListBody(body);
  const links = context.store.list();
  const limit = context.pageSize;
  const hidden = hiddenFields(context, "list");
  return jsonResponse(200, {
    links: links
      .slice((page - 1) * limit, page * limit)
      .map((link) => fullLink(link, context, hidden)),
    meta: {
      currentPage: page,
      limit,
      totalCount: links.length,
      totalPages: Math.max(1, Math.ceil(links.length / limit)),
    },
  });
}

/**
 * The four endpoints of the API docs under `/v1/smile_links`. `segments` is the path after
 * `/v1`. The list path of the reading (by default the literal `:list`) is matched before a
 * segment is taken as a link id.
 */
export async function apiRoute(
  request: EmulatorRequest,
  segments: string[],
  context: AppContext,
): Promise<EmulatorResponse> {
  if (segments[0] !== "smile_links" || segments.length > 2) throw notFound("route");
  if (segments.length === 1) {
    allowMethods(request, ["POST"]);
    return create(signedBody(request, context), context);
  }
  if (LIST_SEGMENTS[context.reading.listPath].includes(segments[1]!)) {
    allowMethods(request, ["POST"]);
    return list(signedBody(request, context), context);
  }
  allowMethods(request, ["POST", "PUT"]);
  const refId = linkIdFrom(segments[1]!);
  const body = signedBody(request, context);
  if (request.method === "PUT") return update(refId, body, context);
  const link = existing(context, refId);
  return jsonResponse(200, fullLink(link, context, hiddenFields(context, "get")));
}
