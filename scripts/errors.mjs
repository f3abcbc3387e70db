// What the scripts print of anything thrown.

/**
 * The message of anything thrown: an Error's own, anything else as text.
 *
 * @param {unknown} error
 * @returns {string}
 */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
