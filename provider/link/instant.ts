/**
 * A date-time as the one text of its instant (`toISOString`, UTC), so that equal instants
 * compare equal; text that is not a date-time stays as it is.
 */
export function isoInstant(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}
