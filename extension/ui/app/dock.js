// @ts-check
import { h, icon, replace } from '../shared/dom.js';

/**
 * @typedef {import('../widgets/catalog.js').WidgetEntry} WidgetEntry
 * @typedef {{entry: WidgetEntry, tab: HTMLElement, badge: HTMLElement, pane: HTMLElement, root: HTMLElement}} Slot
 */

/** Shared look of every widget (typography, buttons, inputs), loaded into each widget's shadow root. */
const BASE_CSS = new URL('./widget-base.css', import.meta.url).href;

/**
 * The widget dock beside the video grid: a row of widget tabs (with badges), the list of widgets
 * when none is open, and one pane per widget. Each pane is a shadow root, so a widget's CSS and
 * the room's CSS never meet.
 *
 * @param {{onShow: (id: string) => void, onHide: (id: string) => void, onBadges: (total: number) => void, onToggle: (open: boolean) => void}} o
 */
export function widgetDock(o) {
  /** @type {Map<string, Slot>} */
  const slots = new Map();
  /** @type {string|null} */
  let active = null;
  let wide = false;

  const title = h('h2.dock-title', null, 'Widgets');
  const back = h(
    'button.icon-btn.dock-back',
    {
      type: 'button',
      'aria-label': 'All widgets',
      title: 'All widgets',
      hidden: true,
      onclick: () => select(null),
    },
    icon('back'),
  );
  const expandBtn = h('button.icon-btn.dock-expand', {
    type: 'button',
    onclick: () => setWide(!wide),
  });
  const tabs = h('nav.dock-tabs', { role: 'tablist', 'aria-label': 'Widgets' });
  const list = h('div.dock-list', null, h('p.muted.small', null, 'Loading widgets…'));
  const panes = h('div.dock-panes');
  const el = h(
    'aside.widget-dock',
    {
      id: 'tfx-widget-dock',
      dataset: { tfxWidgetMount: '' },
      hidden: true,
      'aria-label': 'Widgets',
    },
    h(
      'div.panel-head.dock-head',
      null,
      back,
      title,
      h('div.grow'),
      expandBtn,
      h(
        'button.icon-btn',
        {
          type: 'button',
          'aria-label': 'Close widgets',
          title: 'Close',
          onclick: () => toggle(false),
        },
        icon('close'),
      ),
    ),
    tabs,
    list,
    panes,
  );
  setWide(false);

  /** @param {boolean} on */
  function setWide(on) {
    wide = on;
    el.classList.toggle('wide', on);
    replace(expandBtn, icon(on ? 'collapse' : 'expand'));
    expandBtn.setAttribute('aria-label', on ? 'Narrow the dock' : 'Widen the dock');
    expandBtn.title = expandBtn.getAttribute('aria-label') ?? '';
  }

  /** @param {WidgetEntry} e */
  function mark(e) {
    return e.iconUrl
      ? h('img.dock-icon', { src: e.iconUrl, alt: '', width: 22, height: 22 })
      : h('span.dock-icon.letter', null, (e.name.trim()[0] ?? '?').toUpperCase());
  }

  /** @param {WidgetEntry[]} entries */
  function setEntries(entries) {
    const cards = [];
    for (const entry of entries) {
      const badge = h('span.dock-badge', { hidden: true });
      const tab = h(
        'button.dock-tab',
        {
          type: 'button',
          role: 'tab',
          title: entry.name,
          'aria-label': entry.name,
          'aria-selected': 'false',
          dataset: { widgetId: entry.id },
          onclick: () => select(entry.id),
        },
        mark(entry),
        badge,
      );
      const pane = h('section.widget-pane', {
        role: 'tabpanel',
        hidden: true,
        'aria-label': entry.name,
        dataset: { widgetId: entry.id, thirdParty: entry.thirdParty ? 'true' : 'false' },
      });
      const shadow = pane.attachShadow({ mode: 'open' });
      const root = h('div.widget-root', { part: 'root' });
      shadow.append(
        h('link', { rel: 'stylesheet', href: BASE_CSS }),
        entry.styleUrl ? h('link', { rel: 'stylesheet', href: entry.styleUrl }) : '',
        root,
      );
      slots.set(entry.id, { entry, tab, badge, pane, root });
      tabs.appendChild(tab);
      panes.appendChild(pane);
      cards.push(
        h(
          'button.dock-card',
          { type: 'button', dataset: { widgetId: entry.id }, onclick: () => select(entry.id) },
          mark(entry),
          h(
            'span.dock-card-text',
            null,
            h('strong', null, entry.name),
            entry.thirdParty ? h('span.pill.small', null, 'Third-party') : null,
            h('span.muted.small', null, entry.description),
          ),
        ),
      );
    }
    replace(
      list,
      ...(cards.length ? cards : [h('p.muted.small', null, 'This server offers no widgets.')]),
    );
  }

  /** @param {string} text */
  function setFailed(text) {
    replace(list, h('p.muted.small', null, text));
  }

  /** @param {string|null} id */
  function select(id) {
    if (id !== null && !slots.has(id)) return;
    const before = active;
    const wasOpen = !el.hidden;
    active = id;
    for (const [sid, s] of slots) {
      const on = sid === id;
      s.pane.hidden = !on;
      s.tab.classList.toggle('active', on);
      s.tab.setAttribute('aria-selected', String(on));
    }
    list.hidden = id !== null;
    back.hidden = id === null;
    title.textContent = id ? (slots.get(id)?.entry.name ?? '') : 'Widgets';
    if (id && el.hidden) {
      el.hidden = false;
      o.onToggle(true);
    }
    if (before && before !== id && wasOpen) o.onHide(before);
    if (id && (before !== id || !wasOpen)) o.onShow(id);
  }

  /** @param {boolean} [open] */
  function toggle(open) {
    const show = open ?? Boolean(el.hidden);
    if (show === !el.hidden) return;
    el.hidden = !show;
    o.onToggle(show);
    if (active) (show ? o.onShow : o.onHide)(active);
  }

  /**
   * @param {string} id
   * @param {number|string|null} value
   */
  function setBadge(id, value) {
    const s = slots.get(id);
    if (!s) return;
    const text = value === null || value === 0 || value === '' ? '' : String(value).slice(0, 4);
    s.badge.textContent = text;
    s.badge.hidden = !text;
    let total = 0;
    for (const x of slots.values()) {
      const n = Number(x.badge.textContent);
      if (!x.badge.hidden) total += Number.isFinite(n) && n > 0 ? n : 1;
    }
    o.onBadges(total);
  }

  /**
   * @param {string} id
   * @param {unknown} err
   */
  function showError(id, err) {
    const s = slots.get(id);
    if (!s) return;
    replace(
      s.root,
      h(
        'p.widget-error',
        null,
        `This widget could not start: ${String(/** @type {any} */ (err)?.message ?? err)}`,
      ),
    );
  }

  return {
    el,
    setEntries,
    setFailed,
    select,
    toggle,
    setBadge,
    showError,
    /** @param {string} id */
    paneRoot: (id) => /** @type {Slot} */ (slots.get(id)).root,
    /** @param {string} id */
    isVisible: (id) => active === id && !el.hidden,
    get open() {
      return !el.hidden;
    },
  };
}
