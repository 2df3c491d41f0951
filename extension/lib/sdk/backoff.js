// @ts-check

/**
 * @typedef {object} BackoffOptions
 * @property {number} [baseMs] delay before the first retry
 * @property {number} [maxMs] cap for the delay
 * @property {number} [factor] growth per attempt
 * @property {number} [jitter] 0..1: share of the delay that is randomised
 * @property {() => number} [random] source of randomness in [0, 1)
 */

/**
 * Exponential backoff with jitter for reconnects. Jitter spreads the reconnects of a whole room
 * after a server restart so they do not arrive as one burst.
 *
 * @param {number} attempt 0 for the first retry
 * @param {BackoffOptions} [options]
 * @returns {number} milliseconds to wait
 */
export function backoffDelay(attempt, options = {}) {
  const { baseMs = 500, maxMs = 5_000, factor = 2, jitter = 0.5, random = Math.random } = options;
  const exp = Math.min(maxMs, baseMs * Math.pow(factor, Math.max(0, attempt)));
  const spread = exp * Math.min(1, Math.max(0, jitter));
  return Math.round(exp - spread + random() * spread);
}
