import { allowMethods, notFound, refIdFrom } from "./route-rules";
import type { AppContext } from "./context";
import { parseFaultSettings } from "./faults";
import { jsonResponse, type EmulatorResponse } from "./http-error";
import { fullLink } from "./link-view";
import { jsonBody, type EmulatorRequest } from "./read-body";
import { parseJobsBody } from "./validate-body";

/**
 * Test-only controls under `/__emulator` (unsigned, never logged): the request log, the
 * fault config, and simulated verification jobs. `segments` is the path after `/__emulator`.
 */
export async function adminRoute(
  request: EmulatorRequest,
  segments: string[],
  context: AppContext,
): Promise<EmulatorResponse> {
  const [first, refIdSegment, last] = segments;
  if (segments.length === 1 && first === "requests") {
    allowMethods(request, ["GET", "DELETE"]);
    if (request.method === "GET") return jsonResponse(200, context.requests);
    context.requests.length = 0;
    return jsonResponse(200, context.requests);
  }
  if (segments.length === 1 && first === "faults") {
    allowMethods(request, ["POST", "DELETE"]);
    if (request.method === "POST") context.faults.set(parseFaultSettings(jsonBody(request)));
    else context.faults.reset();
    return jsonResponse(200, context.faults.config);
  }
  if (segments.length === 3 && first === "links" && last === "jobs") {
    allowMethods(request, ["POST"]);
    const refId = refIdFrom(refIdSegment!);
    const link = await context.store.recordJobs(refId, parseJobsBody(jsonBody(request)));
    if (!link) throw notFound(`link ${refId}`);
    return jsonResponse(200, fullLink(link, context));
  }
  throw notFound("emulator control");
}
