// @ts-check
/**
 * Introduction: every participant's card (name, role, a line about them, initials, a colour).
 * Cards live in the widget's shared state under `card:<peerId>` (see card.js), so they survive
 * reloads and reach late joiners. A card pops up on the participant's video tile when they join,
 * when we join and they are already here, and when they press "Show my card to everyone"
 * (a `{t: "show"}` message). Card text only ever becomes text nodes.
 */
import { h, replace, initials } from '../../ui/widgets/kit.js';
import {
  COLORS,
  LIMITS,
  JoinWindows,
  cardKey,
  makeCard,
  peerOfKey,
  readCard,
  sameCard,
} from './card.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

/** The pop-up on a tile stays this long (paused while pointed at or focused). */
const OVERLAY_MS = 9000;
/** Pop-ups that arrive together appear one after the other, this far apart. */
const STAGGER_MS = 300;
/** "Show my card" once per this time at most. */
const ANNOUNCE_EVERY_MS = 3000;
/** A "show" message may arrive just before the card itself: wait this long for it. */
const PENDING_MS = 5000;
/** Status lines under the card stay this long. */
const STATUS_MS = 6000;
/** Someone else overwrote or removed our card: write it back, at most this often. */
const HEAL_EVERY_MS = 5000;
/** The stylesheet, also loaded into the tile pop-ups' own shadow roots. */
const STYLE_URL = new URL('./intro.css', import.meta.url).href;
/** localStorage: the card to reuse in the next meetings ({role, about, color}). */
const PROFILE_KEY = 'tfx.intro.profile';
/** localStorage: '0' when cards should not pop up on video tiles. */
const POPUPS_KEY = 'tfx.intro.popups';

/**
 * @typedef {import('./card.js').Card} Card
 * @typedef {{peerId: string, name: string, you: boolean, lost: boolean}} Person
 */

/** @param {Storage|null} store @param {string} key */
function readJson(store, key) {
  try {
    const raw = store?.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** @param {Storage|null} store @param {string} key @param {unknown} value */
function writeJson(store, key, value) {
  try {
    if (value === null) store?.removeItem(key);
    else store?.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: only convenience is lost */
  }
}

/** @param {'localStorage'|'sessionStorage'} name */
function storage(name) {
  try {
    return globalThis[name] ?? null;
  } catch {
    return null;
  }
}

/**
 * The card as shown everywhere (list, own preview, tile pop-up).
 * @param {Card} card
 * @param {string} name
 * @param {{you?: boolean, lost?: boolean, tag?: string}} [o]
 */
export function cardView(card, name, o = {}) {
  return h(
    `${o.tag ?? 'article'}.card${o.lost ? '.lost' : ''}`,
    { dataset: { color: card.color } },
    h('div.avatar', { 'aria-hidden': 'true', translate: 'no' }, initials(name)),
    h(
      'div.card-text',
      null,
      h(
        'p.card-name',
        null,
        h('bdi.card-name-text', { translate: 'no' }, name),
        o.you ? h('span.card-you', null, tr('you')) : null,
      ),
      card.role ? h('p.card-role', { dir: 'auto', translate: 'no' }, card.role) : null,
      card.about ? h('p.card-about', { dir: 'auto', translate: 'no' }, card.about) : null,
    ),
  );
}

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  const local = storage('localStorage');
  const session = storage('sessionStorage');
  const seenKey = `tfx.intro.seen.${ctx.roomId}`;
  const windows = new JoinWindows();
  windows.markShown(readJson(session, seenKey) ?? []);
  windows.selfJoined(Date.now());
  /** @type {Map<string, {host: HTMLElement, tile: HTMLElement, card: Card, timer: ReturnType<typeof setTimeout>|undefined}>} */
  const overlays = new Map();
  /** @type {Map<string, number>} peer id → until when a "show" waits for the card */
  const pending = new Map();
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  const timers = new Set();
  let editing = false;
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let statusTimer;
  let lastAnnounce = 0;
  let lastHeal = 0;
  let staggerAt = 0;
  const me = () => ctx.self.peerId;
  /** The card this page last wrote for us (what we defend against overwrites). */
  let mine = readCard(ctx.state.entry(cardKey(me())), me());

  /** @param {() => void} fn @param {number} ms */
  const later = (fn, ms) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };

  /** @param {string} peerId */
  const cardOf = (peerId) => readCard(ctx.state.entry(cardKey(peerId)), peerId);
  /** @param {string} peerId */
  const nameOf = (peerId) =>
    peerId === me() ? ctx.self.name : (ctx.peer(peerId)?.name ?? tr('someone'));
  const popupsOn = () => local?.getItem(POPUPS_KEY) !== '0';

  // ---- the pane ----

  const heading = h('h2.intro-title', { id: 'intro-own-title' }, tr('yourCard'));
  const preview = h('div.intro-preview');
  const announceBtn = /** @type {HTMLButtonElement} */ (
    h('button.primary.intro-announce', { type: 'button', onclick: () => announce() }, tr('show'))
  );
  const editBtn = h(
    'button.intro-edit',
    { type: 'button', onclick: () => ((editing = true), renderOwn(), roleInput.focus()) },
    tr('edit'),
  );
  const ownActions = h('div.row.intro-own-actions', null, editBtn, announceBtn);
  const status = h('p.muted.small.intro-status', { role: 'status' });

  const roleInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'intro-role',
      maxLength: LIMITS.role,
      autocomplete: 'organization-title',
      placeholder: tr('rolePlaceholder'),
    })
  );
  const aboutInput = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      id: 'intro-about',
      rows: 2,
      maxLength: LIMITS.about,
      placeholder: tr('aboutPlaceholder'),
    })
  );
  const roleCount = h('span.muted.small.intro-count', { 'aria-hidden': 'true' });
  const aboutCount = h('span.muted.small.intro-count', { 'aria-hidden': 'true' });
  const swatches = COLORS.map((c) =>
    h(
      'label.swatch',
      { title: tr(`colour.${c.id}`), dataset: { color: c.id } },
      h('input', {
        type: 'radio',
        name: 'intro-color',
        value: c.id,
        'aria-label': tr(`colour.${c.id}`),
      }),
      h('span.swatch-dot', { 'aria-hidden': 'true' }),
    ),
  );
  const rememberBox = /** @type {HTMLInputElement} */ (
    h('input', { type: 'checkbox', id: 'intro-remember', checked: true })
  );
  const removeBtn = h(
    'button.danger.intro-remove',
    { type: 'button', onclick: () => removeCard() },
    tr('remove'),
  );
  const cancelBtn = h(
    'button.intro-cancel',
    { type: 'button', onclick: () => ((editing = false), renderOwn()) },
    tr('cancel'),
  );
  const form = h(
    'form.intro-form',
    { onsubmit: (/** @type {Event} */ e) => (e.preventDefault(), save()) },
    h(
      'div.field',
      null,
      h('div.field-head', null, h('label', { for: 'intro-role' }, tr('role')), roleCount),
      roleInput,
    ),
    h(
      'div.field',
      null,
      h('div.field-head', null, h('label', { for: 'intro-about' }, tr('about')), aboutCount),
      aboutInput,
    ),
    h(
      'fieldset.field.intro-colors',
      null,
      h('legend', null, tr('colour')),
      h('div.swatches', null, ...swatches),
    ),
    h('label.check', { for: 'intro-remember' }, rememberBox, h('span', null, tr('remember'))),
    h(
      'div.row.intro-form-actions',
      null,
      h('button.primary.intro-save', { type: 'submit' }, tr('save')),
      cancelBtn,
      h('span.grow'),
      removeBtn,
    ),
  );
  for (const [input, counter, max] of /** @type {const} */ ([
    [roleInput, roleCount, LIMITS.role],
    [aboutInput, aboutCount, LIMITS.about],
  ])) {
    const update = () => (counter.textContent = `${[...input.value].length}/${max}`);
    input.addEventListener('input', update);
    update();
  }

  const listTitle = h('h3.intro-list-title');
  const list = h('ul.intro-list', { 'aria-label': tr('listLabel') });
  const popupsBox = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'checkbox',
      id: 'intro-popups',
      checked: popupsOn(),
      onchange: () => {
        try {
          local?.setItem(POPUPS_KEY, popupsBox.checked ? '1' : '0');
        } catch {
          /* not kept */
        }
      },
    })
  );

  replace(
    root,
    h(
      'div.intro',
      null,
      h(
        'section.intro-own',
        { 'aria-labelledby': 'intro-own-title' },
        h('div.intro-head', null, heading),
        preview,
        ownActions,
        form,
        status,
      ),
      h('section.intro-people', null, listTitle, list),
      h(
        'label.check.intro-popups',
        { for: 'intro-popups' },
        popupsBox,
        h('span', null, tr('popups')),
      ),
    ),
  );

  function fillForm() {
    const c = mine ?? makeCard(readJson(local, PROFILE_KEY) ?? {});
    roleInput.value = c?.role ?? '';
    aboutInput.value = c?.about ?? '';
    const color = mine?.color ?? c?.color ?? '';
    for (const s of swatches) {
      const radio = /** @type {HTMLInputElement} */ (s.querySelector('input'));
      radio.checked = radio.value === color;
    }
    roleInput.dispatchEvent(new Event('input'));
    aboutInput.dispatchEvent(new Event('input'));
  }

  function renderOwn() {
    const card = cardOf(me());
    const showForm = editing || !card;
    heading.textContent = card ? tr('yourCard') : tr('introduce');
    replace(
      preview,
      card ? cardView(card, ctx.self.name, { you: true }) : h('p.muted.small', null, tr('empty')),
    );
    preview.hidden = showForm && !card;
    ownActions.hidden = showForm || !card;
    announceBtn.disabled = !card || ctx.peers().length === 0;
    announceBtn.title = ctx.peers().length === 0 ? tr('nobodyHere') : '';
    form.hidden = !showForm;
    cancelBtn.hidden = !card;
    removeBtn.hidden = !card;
    if (showForm && !form.dataset.filled) {
      fillForm();
      form.dataset.filled = '1';
    }
    if (!showForm) delete form.dataset.filled;
  }

  /** @returns {Person[]} */
  function people() {
    return [
      { peerId: me(), name: ctx.self.name, you: true, lost: false },
      ...ctx.peers().map((/** @type {any} */ p) => ({
        peerId: p.peerId,
        name: p.name,
        you: false,
        lost: p.state === 'lost',
      })),
    ];
  }

  function renderList() {
    const everyone = people();
    const withCards = everyone.map((p) => ({ ...p, card: cardOf(p.peerId) }));
    const n = withCards.filter((p) => p.card).length;
    listTitle.textContent = tr('listTitle', { cards: n, n: everyone.length });
    withCards.sort((a, b) => Number(b.you) - Number(a.you) || Number(!!b.card) - Number(!!a.card));
    replace(
      list,
      ...withCards.map((p) =>
        h(
          'li.intro-person',
          { dataset: { peerId: p.peerId } },
          p.card
            ? cardView(p.card, p.name, { you: p.you, lost: p.lost })
            : h(
                'div.card.nocard',
                null,
                h('div.avatar', { 'aria-hidden': 'true', translate: 'no' }, initials(p.name)),
                h(
                  'div.card-text',
                  null,
                  h(
                    'p.card-name',
                    null,
                    h('bdi.card-name-text', { translate: 'no' }, p.name),
                    p.you ? h('span.card-you', null, tr('you')) : null,
                  ),
                  h('p.card-role.muted', null, tr('noCard')),
                ),
              ),
        ),
      ),
    );
  }

  function render() {
    renderOwn();
    renderList();
  }

  // ---- own card ----

  /** A short status line under the card, gone after a few seconds. @param {string} text */
  function say(text) {
    status.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => (status.textContent = ''), STATUS_MS);
  }

  function save() {
    const checked = /** @type {HTMLInputElement|null} */ (
      form.querySelector('input[name="intro-color"]:checked')
    );
    const card = makeCard({
      role: roleInput.value,
      about: aboutInput.value,
      color: checked?.value ?? '',
    });
    if (!card) {
      say(tr('writeFirst'));
      roleInput.focus();
      return;
    }
    const first = !cardOf(me());
    mine = card;
    ctx.state.set(cardKey(me()), card);
    writeJson(local, PROFILE_KEY, rememberBox.checked ? card : null);
    editing = false;
    say(first ? tr('saved') : tr('updated'));
    render();
    // A first card is news: show it to the others right away.
    if (first && ctx.peers().length) announce({ quiet: true });
  }

  function removeCard() {
    mine = null;
    ctx.state.set(cardKey(me()), null);
    writeJson(local, PROFILE_KEY, null);
    editing = false;
    say(tr('removed'));
    render();
  }

  /** @param {{quiet?: boolean}} [o] */
  function announce(o = {}) {
    const card = cardOf(me());
    const now = Date.now();
    if (!card || now - lastAnnounce < ANNOUNCE_EVERY_MS) return;
    lastAnnounce = now;
    ctx.broadcast({ t: 'show' });
    popUp(me(), card);
    if (!o.quiet) say(tr('shown'));
    announceBtn.disabled = true;
    later(() => renderOwn(), ANNOUNCE_EVERY_MS);
  }

  /** Someone else wrote over (or removed) our card: put ours back. */
  function heal() {
    const now = Date.now();
    if (!mine || now - lastHeal < HEAL_EVERY_MS) return;
    const entry = ctx.state.entry(cardKey(me()));
    if (entry && entry.author === me()) return;
    lastHeal = now;
    ctx.state.set(cardKey(me()), mine);
  }

  // ---- pop-ups ----

  /**
   * Shows a card over the participant's video tile for a while (or as a toast when there is
   * no tile, or pop-ups are off).
   * @param {string} peerId
   * @param {Card} card
   */
  function popUp(peerId, card) {
    const self = peerId === me();
    const name = nameOf(peerId);
    const tile = popupsOn() ? ctx.ui.tile(self ? 'local' : peerId) : null;
    if (!tile) {
      if (!self) {
        ctx.ui.notify(
          [name, card.role, card.about].filter(Boolean).join(' · ').slice(0, 200) || name,
        );
      }
      return;
    }
    const now = Date.now();
    const delay = Math.max(0, staggerAt - now);
    staggerAt = Math.max(now, staggerAt) + STAGGER_MS;
    if (delay) later(() => place(tile, peerId, card, name, self), delay);
    else place(tile, peerId, card, name, self);
  }

  /**
   * @param {HTMLElement} tile
   * @param {string} peerId
   * @param {Card} card
   * @param {string} name
   * @param {boolean} self
   */
  function place(tile, peerId, card, name, self) {
    if (!tile.isConnected) return;
    dismiss(peerId, true);
    // The tile belongs to the room page: the pop-up brings its own shadow root and stylesheet.
    const host = h('div.tfx-intro-overlay', { dataset: { peerId } });
    Object.assign(host.style, {
      position: 'absolute',
      inset: '0',
      pointerEvents: 'none',
      zIndex: '2',
      visibility: 'hidden',
    });
    const shadow = host.attachShadow({ mode: 'open' });
    const link = h('link', { rel: 'stylesheet', href: STYLE_URL });
    const reveal = () => (host.style.visibility = '');
    link.addEventListener('load', reveal, { once: true });
    link.addEventListener('error', reveal, { once: true });
    const close = h(
      'button.ov-close',
      {
        type: 'button',
        'aria-label': self ? tr('dismissYours') : tr('dismissOf', { name }),
        title: tr('dismiss'),
        onclick: () => dismiss(peerId),
      },
      '×',
    );
    const view = cardView(card, name, { you: self, tag: 'div' });
    view.classList.add('ov-card');
    view.setAttribute('role', 'status');
    view.setAttribute('aria-label', self ? tr('yourCard') : tr('cardOf', { name }));
    view.appendChild(close);
    view.addEventListener('keydown', (e) => {
      if (/** @type {KeyboardEvent} */ (e).key === 'Escape') dismiss(peerId);
    });
    shadow.append(link, h('div.ov', null, view));
    tile.appendChild(host);
    const o = {
      host,
      tile,
      card,
      timer: /** @type {ReturnType<typeof setTimeout>|undefined} */ (undefined),
    };
    overlays.set(peerId, o);
    const arm = () => {
      clearTimeout(o.timer);
      o.timer = setTimeout(() => dismiss(peerId), OVERLAY_MS);
    };
    const hold = () => clearTimeout(o.timer);
    view.addEventListener('pointerenter', hold);
    view.addEventListener('pointerleave', arm);
    view.addEventListener('focusin', hold);
    view.addEventListener('focusout', arm);
    arm();
  }

  /**
   * @param {string} peerId
   * @param {boolean} [now] without the closing animation
   */
  function dismiss(peerId, now = false) {
    const o = overlays.get(peerId);
    if (!o) return;
    overlays.delete(peerId);
    clearTimeout(o.timer);
    const card = o.host.shadowRoot?.querySelector('.ov-card');
    if (now || !card || matchMedia('(prefers-reduced-motion: reduce)').matches) {
      o.host.remove();
      return;
    }
    card.classList.add('leaving');
    setTimeout(() => o.host.remove(), 260);
  }

  /**
   * A card became available or someone arrived: pop the card up if this is their arrival (or
   * ours) and we have not shown it yet.
   * @param {string} peerId
   */
  function arrival(peerId) {
    if (peerId === me() || !ctx.peer(peerId)) return;
    const card = cardOf(peerId);
    if (!card) return;
    const now = Date.now();
    const waiting = (pending.get(peerId) ?? 0) >= now;
    if (waiting) pending.delete(peerId);
    if (windows.take(peerId, now)) {
      const seen = new Set(readJson(session, seenKey) ?? []);
      seen.add(peerId);
      writeJson(session, seenKey, [...seen]);
    } else if (!waiting) {
      return;
    }
    popUp(peerId, card);
  }

  // ---- events ----

  ctx.state.on((/** @type {{keys: string[], local: boolean}} */ e) => {
    const changed = e.keys.map(peerOfKey).filter((k) => k !== null);
    if (changed.length === 0) return;
    if (!e.local && changed.includes(me())) heal();
    for (const id of changed) {
      // A card on screen follows edits (and goes away when it is removed).
      const shown = overlays.get(id);
      const card = cardOf(id);
      if (shown && !sameCard(card, shown.card)) {
        if (card) place(shown.tile, id, card, nameOf(id), id === me());
        else dismiss(id, true);
      }
      arrival(id);
    }
    render();
  });
  ctx.on('message', (/** @type {{from: string, payload: any}} */ e) => {
    if (!e.payload || e.payload.t !== 'show' || !ctx.peer(e.from)) return;
    const card = cardOf(e.from);
    if (card) popUp(e.from, card);
    else pending.set(e.from, Date.now() + PENDING_MS);
  });
  ctx.on('peer-joined', (/** @type {{peer: {peerId: string}}} */ e) => {
    windows.peerJoined(e.peer.peerId, Date.now());
    arrival(e.peer.peerId);
    render();
  });
  ctx.on('peer-left', (/** @type {{peerId: string}} */ e) => {
    windows.peerLeft(e.peerId);
    pending.delete(e.peerId);
    dismiss(e.peerId, true);
    render();
  });
  ctx.on('peer-updated', (/** @type {{peer: {peerId: string, name: string}}} */ e) => {
    const o = overlays.get(e.peer.peerId);
    const nameEl = o?.host.shadowRoot?.querySelector('.card-name-text');
    if (nameEl) nameEl.textContent = e.peer.name;
    const avatar = o?.host.shadowRoot?.querySelector('.avatar');
    if (avatar) avatar.textContent = initials(e.peer.name);
    render();
  });
  ctx.on('show', () => render());

  // Our card from an earlier meeting, when we have none here yet.
  if (!cardOf(me())) {
    const profile = makeCard(readJson(local, PROFILE_KEY) ?? {});
    if (profile) {
      mine = profile;
      ctx.state.set(cardKey(me()), profile);
    }
  }
  // Cards of the people already here (restored or already synced) count as arrivals.
  for (const p of ctx.peers()) arrival(p.peerId);
  render();

  return () => {
    clearTimeout(statusTimer);
    for (const t of timers) clearTimeout(t);
    for (const id of [...overlays.keys()]) dismiss(id, true);
  };
}
