/**
 * A create marker lets a create whose answer was lost, or whose run was killed, find the
 * link it made. The provider adds it to the link's `partner_params` at create time (Smile ID
 * returns partner params with the link and with each job's results); the wire mapping lifts
 * it out again, so it never appears in inputs, outputs or diffs.
 *
 * A marker is `<resource>.<nonce>` (create/marker.ts makes them): the resource part says
 * which resource the link was made for, the nonce which create made it. Markers of versions
 * before the nonce are the resource part alone.
 */
export const CREATE_MARKER_KEY = "pulumi_smile_links_create_id";

/** The resource part of a stored marker; a marker without a nonce is all resource part. */
export function resourcePartOf(marker: string): string {
  const dot = marker.lastIndexOf(".");
  return dot === -1 ? marker : marker.slice(0, dot);
}

/** Partner params with the marker added. */
export function withCreateMarker(
  partnerParams: Record<string, string> | undefined,
  marker: string,
): Record<string, string> {
  return { ...partnerParams, [CREATE_MARKER_KEY]: marker };
}

/** Splits the marker from the partner params the API returned. */
export function splitCreateMarker(partnerParams: Record<string, string> | null | undefined): {
  partnerParams: Record<string, string> | null | undefined;
  marker?: string;
} {
  if (!partnerParams || !(CREATE_MARKER_KEY in partnerParams)) return { partnerParams };
  const { [CREATE_MARKER_KEY]: marker, ...rest } = partnerParams;
  return { partnerParams: Object.keys(rest).length > 0 ? rest : null, marker };
}
