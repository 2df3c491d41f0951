// What the state benchmarks and the stress test write: draw-widget strokes (random walks of
// points in the widget's own encoding) and chat messages, from a seeded generator so that
// every run writes the same.
import { encodePoints } from '../../widgets/draw/stroke.js';

const WORDS =
  'the quick brown fox jumps over lazy dog meeting budget slide review agenda later yes no'.split(
    ' ',
  );

/** @param {number} seed */
export function workload(seed) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const between = (/** @type {number} */ lo, /** @type {number} */ hi) =>
    lo + Math.floor(rnd() * (hi - lo));
  return {
    /**
     * A stroke value as the draw widget stores it.
     * @param {string} key unique per stroke
     * @param {number} [points] how many; 40–100 when not given
     */
    stroke(key, points) {
      const pts = [];
      let x = between(0, 4000);
      let y = between(0, 3000);
      const n = points ?? between(40, 100);
      for (let k = 0; k < n; k++) {
        x = Math.max(0, Math.min(4000, x + between(-20, 21)));
        y = Math.max(0, Math.min(3000, y + between(-20, 21)));
        pts.push({ x, y });
      }
      return { key, color: '#e03131', width: 8, points: encodePoints(pts) };
    },
    /** A chat message as the chat widget stores it: 5–20 words. */
    message(name = 'Ada Lovelace') {
      const n = between(5, 20);
      return {
        text: Array.from({ length: n }, () => WORDS[between(0, WORDS.length)]).join(' '),
        name,
        lang: 'en',
      };
    },
  };
}
