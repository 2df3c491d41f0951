// @ts-check
import * as Y from 'yjs';

/**
 * Where built-in widgets find the page's Yjs. A Yjs document only works with the Yjs that made
 * it (its types are checked with `instanceof`), and `ctx.state.doc` is made by the room page: so
 * widget bundles do not carry a Yjs of their own, the build points their `import 'yjs'` at a
 * module that reads this one (scripts/build.mjs, `sharedYjs`).
 */
export const SHARED_YJS = '__tfxYjs';

/** Offers the page's Yjs to widget bundles (once per page). */
export function shareYjs() {
  const g = /** @type {any} */ (globalThis);
  g[SHARED_YJS] ??= Y;
}
