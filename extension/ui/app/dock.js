// @ts-check
import { h, icon, replace } from '../shared/dom.js';
import { t } from '../i18n/i18n.js';

/**
 * @typedef {import('../widgets/catalog.js').WidgetEntry} WidgetEntry
 * @typedef {{entry: WidgetEntry, tab: HTMLElement, badge: HTMLElement, pane: HTMLElement, root: HTMLElement}} Slot
 */

/** Shared look of every widget (typography, buttons, inputs), loaded into each widget's shadow root. */
const BASE_CSS = new URL('./widget-base.css', import.meta.url).href;

/**
 * What the dock shows for a widget, in the page's language: built-in widgets' names and
 * descriptions come from the catalogues (`widget.<id>.name`, `.tab`, `.description`); a
 * third-party widget's from its manifest, as its author wrote them (marked translate="no").
 * `tab` is the short label written on the widget's tab.
 * @param {WidgetEntry} e
 * @returns {{name: string, tab: string, description: string, ours: boolean}}
 */
export function widgetLabels(e) {
  const key = `widget.${e.id}.name`;
  if (!e.thirdParty && t.has(key)) {
    return {
      name: t(key),
      tab: t(`widget.${e.id}.tab`),
      description: t(`widget.${e.id}.description`),
      ours: true,
    };
  }
  return { name: e.name, tab: e.name, description: e.description, ours: false };
}

/**
 * The widget dock beside the video grid: a row of labelled widget tabs (with badges), the list
 * of widgets when none is open, and one pane per widget. Each pane is a shadow root, so a
 * widget's CSS and the room's CSS never meet.
 *
 * @param {{onShow: (id: string) => void, onHide: (id: string) => void, onBadges: (total: number) => void, onToggle: (open: boolean) => void}} o
 */
export function widgetDock(o) {
  /** @type {Map<string, Slot>} */
  const slots = new Map();
  /** @type {string|null} */
  let active = null;
  let wide = false;

  const title = h('h2.dock-title', null, t('dock.title'));
  const back = h(
    'button.icon-btn.dock-back',
    {
      type: 'button',
      'aria-label': t('dock.all'),
      title: t('dock.all'),
      hidden: true,
      onclick: () => select(null),
    },
    icon('back'),
  );
  const expandBtn = h('button.icon-btn.dock-expand', {
    type: 'button',
    onclick: () => setWide(!wide),
  });
  const tabs = h('div.dock-tabs', { role: 'tablist', 'aria-label': t('dock.title') });
  const list = h('div.dock-list', null, h('p.muted.small', null, t('dock.loading')));
  const panes = h('div.dock-panes');
  const el = h(
    'aside.widget-dock',
    {
      id: 'tfx-widget-dock',
      dataset: { tfxWidgetMount: '' },
      hidden: true,
      'aria-label': t('dock.title'),
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
          'aria-label': t('dock.close'),
          title: t('dock.close'),
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
    expandBtn.setAttribute('aria-label', on ? t('dock.narrow') : t('dock.widen'));
    expandBtn.title = expandBtn.getAttribute('aria-label') ?? '';
  }

  /** @param {WidgetEntry} e */
  function mark(e) {
    return e.iconUrl
      ? h('img.dock-icon', { src: e.iconUrl, alt: '', width: 22, height: 22 })
      : h(
          'span.dock-icon.letter',
          { 'aria-hidden': 'true' },
          (e.name.trim()[0] ?? '?').toUpperCase(),
        );
  }

  /** @param {WidgetEntry[]} entries */
  function setEntries(entries) {
    const cards = [];
    for (const entry of entries) {
      const words = widgetLabels(entry);
      const foreign = words.ours ? null : 'no';
      const badge = h('span.dock-badge', { hidden: true });
      // The short label is the tab's name; the full name is the tooltip and the pane's title.
      const tab = h(
        'button.dock-tab',
        {
          type: 'button',
          role: 'tab',
          id: `dock-tab-${entry.id}`,
          title: words.name,
          translate: foreign,
          'aria-selected': 'false',
          'aria-controls': `dock-pane-${entry.id}`,
          tabindex: '-1',
          dataset: { widgetId: entry.id },
          onclick: () => select(entry.id),
          onkeydown: (/** @type {KeyboardEvent} */ e) => moveFocus(e, entry.id),
        },
        mark(entry),
        h('span.dock-tab-label', null, words.tab),
        badge,
      );
      const pane = h('section.widget-pane', {
        role: 'tabpanel',
        id: `dock-pane-${entry.id}`,
        hidden: true,
        'aria-labelledby': `dock-tab-${entry.id}`,
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
            h('strong', { translate: foreign }, words.name),
            entry.thirdParty ? h('span.pill.small', null, t('dock.thirdParty')) : null,
            h('span.muted.small', { translate: foreign }, words.description),
          ),
        ),
      );
    }
    // The first tab is reachable with Tab; the arrow keys move between tabs (ARIA tabs).
    /** @type {HTMLElement|undefined} */ (tabs.firstElementChild)?.setAttribute('tabindex', '0');
    replace(list, ...(cards.length ? cards : [h('p.muted.small', null, t('dock.none'))]));
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
    if (id) roving(id);
    list.hidden = id !== null;
    back.hidden = id === null;
    const entry = id ? slots.get(id)?.entry : null;
    const words = entry ? widgetLabels(entry) : null;
    title.textContent = words ? words.name : t('dock.title');
    // a third-party widget's name is its author's words
    if (words && !words.ours) title.setAttribute('translate', 'no');
    else title.removeAttribute('translate');
    if (id && el.hidden) {
      el.hidden = false;
      o.onToggle(true);
    }
    if (before && before !== id && wasOpen) o.onHide(before);
    if (id && (before !== id || !wasOpen)) o.onShow(id);
  }

  /**
   * Only one tab is in the Tab order; it follows the selection and the arrow keys.
   * @param {string} id
   */
  function roving(id) {
    for (const [sid, s] of slots) s.tab.setAttribute('tabindex', sid === id ? '0' : '-1');
  }

  /**
   * Arrow keys, Home and End move between the tabs; Enter or Space opens one (a button click).
   * @param {KeyboardEvent} e
   * @param {string} id
   */
  function moveFocus(e, id) {
    const ids = [...slots.keys()];
    const i = ids.indexOf(id);
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? ids[(i + 1) % ids.length]
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? ids[(i - 1 + ids.length) % ids.length]
          : e.key === 'Home'
            ? ids[0]
            : e.key === 'End'
              ? ids[ids.length - 1]
              : null;
    if (!to) return;
    e.preventDefault();
    roving(to);
    slots.get(to)?.tab.focus();
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
        t('dock.mountError', { reason: String(/** @type {any} */ (err)?.message ?? err) }),
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
    /** Moves the keyboard focus into the dock: the open widget's tab, else the first tab. */
    focus() {
      const s = (active && slots.get(active)) || slots.values().next().value;
      (s ? s.tab : back).focus();
    },
    get open() {
      return !el.hidden;
    },
  };
}
