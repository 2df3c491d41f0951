// Accessibility and language checks the browser tests share: axe-core (bundled from npm, injected
// through the DevTools protocol, so the pages' strict CSP stays on), visible keyboard focus, the
// pseudo language's marks on every visible text, and layouts where no control is cut off or
// covered.
import fs from 'node:fs';
import path from 'node:path';
import { here } from './harness.js';

const AXE_SOURCE = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core in a page or frame and returns its serious and critical violations, one line each
 * ("rule (impact): target — summary"). Open shadow roots (widget panes) are included; frames are
 * checked on their own (`axeFrames`).
 * @param {import('playwright-core').Page|import('playwright-core').Frame} target
 * @returns {Promise<string[]>}
 */
export async function axeViolations(target) {
  if (!(await target.evaluate(() => typeof globalThis.axe === 'object'))) {
    await target.evaluate(`${AXE_SOURCE}\n;0`);
  }
  return target.evaluate(async (tags) => {
    const r = await globalThis.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
      iframes: false,
    });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) =>
        v.nodes.map(
          (n) =>
            `${v.id} (${v.impact}): ${JSON.stringify(n.target)} — ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`,
        ),
      );
  }, AXE_TAGS);
}

/**
 * axe on a page and on each of its frames (third-party widgets run in sandboxed frames).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export async function axeAll(page) {
  const out = await axeViolations(page);
  for (const f of page.frames()) {
    if (f === page.mainFrame() || f.url() === 'about:blank') continue;
    for (const v of await axeViolations(f)) out.push(`[frame ${f.url()}] ${v}`);
  }
  return out;
}

/**
 * The element that has the keyboard focus, through open shadow roots, described for asserts:
 * its id, classes, whether it matches `selector`, and whether the focus is visible (an outline,
 * or the ring our call controls draw around their round face).
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
export function focused(page, selector) {
  return page.evaluate((sel) => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body) return { none: true };
    const st = getComputedStyle(a);
    const face = a.querySelector(':scope > .round');
    const ring =
      (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) ||
      (face && getComputedStyle(face).boxShadow !== 'none') ||
      (a.matches('input, textarea, select') && st.boxShadow !== 'none');
    return {
      matches: a.matches(sel),
      visible: Boolean(ring) && a.matches(':focus-visible'),
      what: `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}.${[...a.classList].join('.')}`,
    };
  }, selector);
}

/**
 * Presses Tab (or `key`) until the focus is on `selector`, checking at every stop that the focus
 * can be seen. Fails after `max` presses.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {{key?: string, max?: number}} [o]
 */
export async function keyTo(page, selector, { key = 'Tab', max = 60 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page, selector);
    if (f.none) continue;
    seen.push(f.what);
    if (!f.visible) throw new Error(`focus on ${f.what} is not visible`);
    if (f.matches) return seen;
  }
  throw new Error(`${key} never reached ${selector}; went through ${seen.join(' → ')}`);
}

/**
 * Visible words of the page that skipped the message catalogues, when the page runs in the
 * pseudo language (every catalogue message comes as ⟦…⟧): text nodes and the attributes people
 * read (aria-label, title, placeholder, alt), outside `translate="no"` (names, devices, links).
 * The panes of built-in widgets (shadow roots) are read too, except those named in `english`
 * (widgets whose words are not in catalogues yet); third-party widgets speak for themselves.
 * @param {import('playwright-core').Page} page
 * @param {{english?: string[]}} [o]
 * @returns {Promise<string[]>}
 */
export function unmarkedTexts(page, { english = [] } = {}) {
  return page.evaluate((english) => {
    const out = [];
    // strip marked messages, innermost first (a message may hold another: "⟦⟦Pen⟧ (P)⟧")
    const marked = (s) => {
      for (let prev = ''; prev !== s;) [prev, s] = [s, s.replace(/⟦[^⟦⟧]*⟧/g, '')];
      return /^[^\p{L}]*$/u.test(s);
    };
    const skip = (el) => !el || el.closest('[translate="no"], script, style, video, [hidden]');
    const shown = (el) =>
      el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const roots = [document.body];
    for (const p of document.querySelectorAll('.widget-pane[data-third-party="false"]')) {
      if (p.shadowRoot && !english.includes(p.dataset.widgetId) && !p.hidden) {
        roots.push(p.shadowRoot);
      }
    }
    for (const root of roots) {
      const where = root === document.body ? '' : `[${root.host.dataset.widgetId}] `;
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const text = n.textContent.trim();
        const el = n.parentElement;
        if (!text || skip(el) || !shown(el)) continue;
        if (!marked(text)) {
          out.push(`${where}text "${text}" in ${el.tagName.toLowerCase()}.${el.className}`);
        }
      }
      for (const el of root.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        if (skip(el) || !shown(el)) continue;
        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
          const v = el.getAttribute(a)?.trim();
          if (v && !marked(v))
            out.push(`${where}${a} "${v}" on ${el.tagName.toLowerCase()}#${el.id}`);
        }
      }
    }
    if (!marked(document.title)) out.push(`title "${document.title}"`);
    return out;
  }, english);
}

/**
 * Controls that are cut off by the window or overlap one another: every visible button, link,
 * input, select and textarea of the page and of the open widget panes must lie wholly inside
 * the viewport and cover no other (nested ones aside). Toasts come and go, and are left out.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export function layoutProblems(page) {
  return page.evaluate(() => {
    const W = innerWidth;
    const H = innerHeight;
    const controls = [];
    const collect = (root) => {
      for (const el of root.querySelectorAll(
        'button, a[href], input, select, textarea, [role="tab"]',
      )) {
        if (el.closest('.toasts')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden')
          continue;
        controls.push({ el, r });
      }
      for (const host of root.querySelectorAll('*')) if (host.shadowRoot) collect(host.shadowRoot);
    };
    collect(document);
    const name = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
    const out = [];
    for (const { el, r } of controls) {
      // Controls inside a scrolling box (a widget's list) may be scrolled out of sight: the box
      // must be inside the window, not each row.
      const scroller = el.parentElement?.closest('.dock-list, .chat-scroll, .panel-body');
      const box = scroller ? scroller.getBoundingClientRect() : r;
      if (box.left < -0.5 || box.top < -0.5 || box.right > W + 0.5 || box.bottom > H + 0.5) {
        out.push(
          `${name(el)} is cut off (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${W}×${H})`,
        );
      }
    }
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i];
        const b = controls[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 1) {
          // What is on top where they meet: a control covered by a panel is hidden, not broken.
          const x = Math.max(a.r.left, b.r.left) + w / 2;
          const y = Math.max(a.r.top, b.r.top) + h / 2;
          const top = document.elementFromPoint(x, y);
          const hidden = (c) =>
            top &&
            !c.el.contains(top) &&
            !top.contains(c.el) &&
            !c.el.getRootNode().host?.contains(top);
          if (hidden(a) && hidden(b)) continue;
          out.push(
            `${name(a.el)} and ${name(b.el)} overlap (${Math.round(w)}×${Math.round(h)} px)`,
          );
        }
      }
    }
    return out;
  });
}
