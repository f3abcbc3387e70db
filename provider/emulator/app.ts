import { randomUUID } from "node:crypto";
import { adminRoute } from "./admin-routes";
import { apiRoute } from "./api-routes";
import { allowMethods, notFound, refIdFrom } from "./route-rules";
import type { AppContext } from "./context";
import type { FaultAction } from "./fault-decision";
import { errorResponse, HttpError, type EmulatorResponse } from "./http-error";
import { linkPage } from "./link-page";
import type { EmulatorRequest } from "./read-body";
import type { ErrorShape } from "./reading";

/** The emulator as a function from request to response, testable without a socket. */
export type EmulatorApp = (request: EmulatorRequest) => Promise<EmulatorResponse>;

/** The one error boundary: whatever a route throws becomes an error body of `shape`. */
async function answer(
  route: () => Promise<EmulatorResponse>,
  shape: ErrorShape,
): Promise<EmulatorResponse> {
  try {
    return await route();
  } catch (error) {
    return errorResponse(error, shape);
  }
}

function injected(action: Extract<FaultAction, { kind: "fail" }>): HttpError {
  const headers: Record<string, string> = {};
  if (action.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(action.retryAfterSeconds);
  }
  const code = action.status === 429 ? "rate_limited" : "injected_fault";
  return new HttpError(action.status, code, `injected fault: HTTP ${action.status}`, headers);
}

/**
 * An API request under the fault config: delayed, then failed (before its work, after it, or
 * with the work left to run later), or worked and then (by the server adapter) dropped, or
 * simply answered.
 */
async function apiWithFaults(
  request: EmulatorRequest,
  segments: string[],
  context: AppContext,
): Promise<EmulatorResponse> {
  const response = await faultedApi(request, segments, context);
  const { requestIdHeader } = context.faults.config;
  if (requestIdHeader === "none") return response;
  return { ...response, headers: { ...response.headers, [requestIdHeader]: randomUUID() } };
}

async function faultedApi(
  request: EmulatorRequest,
  segments: string[],
  context: AppContext,
): Promise<EmulatorResponse> {
  const { delayMs, action } = context.faults.decide();
  if (delayMs > 0) await context.sleep(delayMs);
  const { errorShape } = context.reading;
  const work = () => answer(() => apiRoute(request, segments, context), errorShape);
  if (action.kind === "fail") {
    if (action.work === "done") await work();
    if (action.work === "later") context.later(action.workDelayMs, work);
    return errorResponse(injected(action), errorShape);
  }
  const response = await work();
  return action.kind === "drop" ? { ...response, drop: true } : response;
}

/**
 * The stand-in for a link's hosted page: at `/links/{id}`, and under the "uuid" reading also
 * at `/{partner}/{id}`, as Smile hosts its links, where a link of another partner is not found.
 */
function hostedPage(
  request: EmulatorRequest,
  context: AppContext,
  idSegment: string,
  partner?: string,
): EmulatorResponse {
  allowMethods(request, ["GET"]);
  const link = context.store.get(refIdFrom(idSegment));
  const here = link && (partner === undefined || partner === encodeURIComponent(link.partner_id));
  return linkPage(here ? link : undefined, context.now());
}

/**
 * Routes `/v1` to the API, played under the reading and the fault config, and the rest to the
 * admin controls and hosted pages. Those are the emulator's own, not Smile's API, so their
 * errors keep the emulator's words whatever the reading.
 */
export function createApp(context: AppContext): EmulatorApp {
  return async (request) => {
    const path = request.path.split("?")[0]!;
    const [root = "", ...segments] = path.split("/").slice(1);
    if (root === "v1") return apiWithFaults(request, segments, context);
    return answer(async () => {
      if (root === "__emulator") return adminRoute(request, segments, context);
      if (segments.length === 1 && root === "links") {
        return hostedPage(request, context, segments[0]!);
      }
      if (segments.length === 1 && context.reading.refIds === "uuid") {
        return hostedPage(request, context, segments[0]!, root);
      }
      throw notFound("route");
    }, "words");
  };
}
