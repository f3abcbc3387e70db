import { adminRoute } from "./admin-routes";
import { apiRoute, allowMethods, notFound, refIdFrom } from "./api-routes";
import type { AppContext } from "./context";
import type { FaultAction } from "./fault-decision";
import { errorResponse, HttpError, type EmulatorResponse } from "./http-error";
import { linkPage } from "./link-page";
import type { EmulatorRequest } from "./read-body";

/** The emulator as a function from request to response, testable without a socket. */
export type EmulatorApp = (request: EmulatorRequest) => Promise<EmulatorResponse>;

/** The one error boundary: whatever a route throws becomes `{ error, code }`. */
async function answer(route: () => Promise<EmulatorResponse>): Promise<EmulatorResponse> {
  try {
    return await route();
  } catch (error) {
    return errorResponse(error);
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
  const { delayMs, action } = context.faults.decide();
  if (delayMs > 0) await context.sleep(delayMs);
  const work = () => answer(() => apiRoute(request, segments, context));
  if (action.kind === "fail") {
    if (action.work === "done") await work();
    if (action.work === "later") context.later(action.workDelayMs, work);
    return errorResponse(injected(action));
  }
  const response = await work();
  return action.kind === "drop" ? { ...response, drop: true } : response;
}

export function createApp(context: AppContext): EmulatorApp {
  return async (request) => {
    const path = request.path.split("?")[0]!;
    const [root, ...segments] = path.split("/").slice(1);
    if (root === "v1") return apiWithFaults(request, segments, context);
    return answer(async () => {
      if (root === "__emulator") return adminRoute(request, segments, context);
      if (root === "links" && segments.length === 1) {
        allowMethods(request, ["GET"]);
        return linkPage(context.store.get(refIdFrom(segments[0]!)), context.now());
      }
      throw notFound("route");
    });
  };
}
