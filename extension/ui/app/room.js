// @ts-check
import { h, icon, replace, clear } from '../shared/dom.js';
import { helpLink } from '../shared/help.js';
import { captureMedia, levelMeter, listDevices } from './media.js';
import { widgetDock } from './dock.js';
import { WidgetHost } from '../widgets/host.js';
import { VideoPipeline } from '../media/video-pipeline.js';

/**
 * @typedef {import('../../lib/sdk/session.js').TfxSession} TfxSession
 * @typedef {import('../../lib/sdk/codec.js').PeerInfo} PeerInfo
 * @typedef {{el: HTMLElement, video: HTMLVideoElement, stream: MediaStream, name: HTMLElement, status: HTMLElement, avatar: HTMLElement}} Tile
 */

/**
 * The meeting: video grid, controls, people/owner panel and the widget dock.
 * @param {{serverUrl: string, session: TfxSession, roomId: string, secret: string, catalog: Promise<import('../widgets/catalog.js').WidgetEntry[]>, inviteUrl: string, micOn: boolean, camOn: boolean, onLeave: () => void}} ctx
 * @returns {{el: HTMLElement, dispose: () => void}}
 */
export function roomView(ctx) {
  const { session } = ctx;
  /** @type {Map<string, Tile>} */
  const tiles = new Map();
  /** @type {Map<string, string>} knocker id → name */
  const knockers = new Map();
  const offs = /** @type {Array<() => void>} */ ([]);

  const grid = h('div.grid', { id: 'video-grid', 'aria-live': 'polite' });
  const title = h('h1.room-name');
  const count = h('span.pill', { id: 'people-count' });
  const lockBadge = h('span.pill.warn', { hidden: true }, icon('lock'), 'Locked');
  const banner = h('div.banner', { role: 'status', hidden: true });
  const toasts = h('div.toasts', { 'aria-live': 'polite' });
  const panelBody = h('div.panel-body');
  const panel = h(
    'aside.panel',
    { id: 'people-panel', hidden: true },
    h(
      'div.panel-head',
      null,
      h('h2', null, 'People'),
      h(
        'button.icon-btn',
        { type: 'button', 'aria-label': 'Close', onclick: () => togglePanel(false) },
        icon('close'),
      ),
    ),
    panelBody,
  );
  const indicators = h('div.indicators', { 'aria-live': 'polite' });
  const dock = widgetDock({
    onShow: (id) => widgets?.mount(id).then(() => widgets?.setVisible(id, true)),
    onToggle: (open) => dockBtn.classList.toggle('active', open),
    onHide: (id) => widgets?.setVisible(id, false),
    onBadges: (total) => {
      dockBadge.textContent = total > 99 ? '99+' : String(total);
      dockBadge.hidden = total === 0;
    },
  });
  /** @type {WidgetHost|null} */
  let widgets = null;
  // What we send: the camera, or the output of the widgets' video stages (filters, overlays).
  const videoPipeline = new VideoPipeline(session);

  // ---- tiles ----

  /**
   * @param {string} id
   * @param {string} name
   * @param {boolean} local
   * @returns {Tile}
   */
  function tile(id, name, local) {
    let t = tiles.get(id);
    if (t) return t;
    const stream = new MediaStream();
    const video = /** @type {HTMLVideoElement} */ (
      h(`video${local ? '.mirror' : ''}`, { autoplay: true, playsInline: true, muted: local })
    );
    video.srcObject = local && session.localStream ? session.localStream : stream;
    const nameEl = h('span.tile-name');
    const status = h('span.tile-status');
    const avatar = h('div.avatar');
    const el = h(
      'figure.tile',
      { dataset: { peerId: id, local: local ? 'true' : 'false' } },
      avatar,
      video,
      h('figcaption', null, nameEl, status),
    );
    t = { el, video, stream, name: nameEl, status, avatar };
    tiles.set(id, t);
    grid.appendChild(el);
    setName(t, name, local);
    layout();
    return t;
  }

  /**
   * @param {Tile} t
   * @param {string} name
   * @param {boolean} local
   */
  function setName(t, name, local) {
    t.name.textContent = local ? `${name} (you)` : name;
    t.avatar.textContent = (name.trim()[0] ?? '?').toUpperCase();
  }

  /** @param {PeerInfo} p */
  function renderPeer(p) {
    const t = tile(p.peerId, p.name, false);
    setName(t, p.name, false);
    t.el.classList.toggle('muted', p.muted);
    t.el.classList.toggle('no-video', !p.video);
    t.el.classList.toggle('lost', p.state === 'lost');
    replace(
      t.status,
      p.muted ? icon('micOff') : null,
      p.state === 'lost' ? h('span.badge', null, 'Reconnecting…') : null,
    );
  }

  function renderLocal() {
    const t = tile('local', session.name, true);
    t.el.classList.toggle('muted', session.muted);
    t.el.classList.toggle(
      'no-video',
      !session.videoOn || !session.localStream?.getVideoTracks().length,
    );
    replace(t.status, session.muted ? icon('micOff') : null);
  }

  /** Picks the column count that gives the largest 16:9 tiles for the space we have. */
  function layout() {
    const n = Math.max(1, tiles.size);
    const gap = 12;
    const W = grid.clientWidth || window.innerWidth - 32;
    const H = grid.clientHeight || window.innerHeight - 140;
    let best = { w: 0, cols: 1 };
    for (let cols = 1; cols <= n; cols++) {
      const rows = Math.ceil(n / cols);
      const w = Math.min((W - gap * (cols - 1)) / cols, ((H - gap * (rows - 1)) / rows) * (16 / 9));
      if (w > best.w) best = { w, cols };
    }
    grid.style.setProperty('--tile-w', `${Math.max(120, Math.floor(best.w))}px`);
    count.textContent = `${n} ${n === 1 ? 'person' : 'people'}`;
  }

  /** @param {string} id */
  function removeTile(id) {
    const t = tiles.get(id);
    if (!t) return;
    t.video.srcObject = null;
    t.el.remove();
    tiles.delete(id);
    layout();
  }

  // ---- header / panel ----

  function renderRoom() {
    const r = session.room;
    title.textContent = r?.name || 'Meeting';
    lockBadge.hidden = !r?.locked;
    renderPanel();
  }

  function renderPanel() {
    const people = [
      h(
        'li.person',
        null,
        h('span.dot.ok'),
        h('span.grow', null, `${session.name} (you)`),
        session.owner ? h('span.pill.small', null, 'Host') : null,
      ),
    ];
    for (const p of session.peers.values()) {
      people.push(
        h(
          'li.person',
          { dataset: { peerId: p.peerId } },
          h(`span.dot.${p.state === 'lost' ? 'warn' : 'ok'}`),
          h('span.grow', null, p.name),
          p.owner ? h('span.pill.small', null, 'Host') : null,
          session.owner
            ? h(
                'button.btn.small.danger',
                { type: 'button', class: 'kick', onclick: () => session.kick(p.peerId) },
                'Remove',
              )
            : null,
        ),
      );
    }
    const sections = [h('ul.people', { id: 'people-list' }, ...people)];
    if (session.owner) {
      const r = session.room;
      const pw = /** @type {HTMLInputElement} */ (
        h('input', {
          id: 'password-input',
          type: 'password',
          autocomplete: 'new-password',
          placeholder: r?.hasPassword ? '••••••' : 'none',
        })
      );
      const cap = /** @type {HTMLInputElement} */ (
        h('input', {
          id: 'capacity-input',
          type: 'number',
          min: 2,
          max: 50,
          value: String(r?.capacity || ''),
        })
      );
      sections.push(
        h('h3', null, 'Waiting to join'),
        knockers.size
          ? h(
              'ul.people',
              { id: 'knock-list' },
              ...[...knockers].map(([id, name]) =>
                h(
                  'li.person',
                  { dataset: { peerId: id } },
                  h('span.grow', null, name),
                  h(
                    'button.btn.small.primary',
                    {
                      type: 'button',
                      class: 'admit',
                      onclick: () => (session.admit(id), knockers.delete(id), renderPanel()),
                    },
                    'Admit',
                  ),
                  h(
                    'button.btn.small',
                    {
                      type: 'button',
                      class: 'deny',
                      onclick: () => (session.deny(id), knockers.delete(id), renderPanel()),
                    },
                    'Deny',
                  ),
                ),
              ),
            )
          : h('p.muted.small', null, 'Nobody is waiting.'),
        h('h3', null, 'Room settings'),
        h(
          'label.switch',
          null,
          h('input', {
            type: 'checkbox',
            id: 'lock-toggle',
            checked: !!r?.locked,
            onchange: (/** @type {Event} */ e) =>
              session.lock(/** @type {HTMLInputElement} */ (e.target).checked),
          }),
          h('span', null, 'Lock the room (newcomers must knock)'),
        ),
        h(
          'form.inline',
          {
            onsubmit: (/** @type {Event} */ e) => {
              e.preventDefault();
              const v = parseInt(cap.value, 10);
              if (Number.isInteger(v)) session.configure({ capacity: v });
              toast('Capacity saved');
            },
          },
          h('label', { for: 'capacity-input' }, 'Max. people'),
          cap,
          h('button.btn.small', { type: 'submit' }, 'Save'),
        ),
        h(
          'form.inline',
          {
            id: 'password-form',
            onsubmit: (/** @type {Event} */ e) => {
              e.preventDefault();
              session.configure({ password: pw.value });
              toast(pw.value ? 'Password set' : 'Password removed');
              pw.value = '';
            },
          },
          h('label', { for: 'password-input' }, 'Password'),
          pw,
          h('button.btn.small', { type: 'submit' }, r?.hasPassword ? 'Change' : 'Set'),
        ),
        r?.hasPassword
          ? h('p.muted.small', null, 'The room has a password. Save an empty one to remove it.')
          : null,
      );
    }
    replace(panelBody, ...sections);
  }

  /** @param {boolean} [open] */
  function togglePanel(open) {
    panel.hidden = open === undefined ? !panel.hidden : !open;
    peopleBtn.classList.toggle('active', !panel.hidden);
  }

  /**
   * @param {string} text
   * @param {HTMLElement} [action]
   */
  function toast(text, action) {
    const t = h('div.toast', null, h('span', null, text), action ?? null);
    toasts.appendChild(t);
    setTimeout(() => t.remove(), 5000);
  }

  // ---- controls ----

  const micBtn = h('button.round', {
    type: 'button',
    id: 'toggle-mic',
    onclick: () => (session.setMuted(!session.muted), renderControls()),
  });
  const camBtn = h('button.round', {
    type: 'button',
    id: 'toggle-cam',
    onclick: () => (session.setVideoEnabled(!session.videoOn), renderControls()),
  });
  const inviteBtn = h(
    'button.round',
    {
      type: 'button',
      id: 'copy-invite',
      'aria-label': 'Copy invite link',
      title: 'Copy invite link',
      onclick: copyInvite,
    },
    icon('link'),
  );
  const peopleBtn = h(
    'button.round',
    {
      type: 'button',
      id: 'people-btn',
      'aria-label': 'People',
      title: 'People',
      onclick: () => togglePanel(),
    },
    icon('people'),
  );
  const dockBadge = h('span.btn-badge', { hidden: true });
  const dockBtn = h(
    'button.round',
    {
      type: 'button',
      id: 'widgets-btn',
      'aria-label': 'Widgets',
      title: 'Widgets',
      onclick: () => dock.toggle(),
    },
    icon('widgets'),
    dockBadge,
  );
  const settingsBtn = h(
    'button.round',
    {
      type: 'button',
      id: 'devices-btn',
      'aria-label': 'Devices',
      title: 'Devices',
      onclick: openDevices,
    },
    icon('settings'),
  );
  const leaveBtn = h(
    'button.round.danger.wide',
    {
      type: 'button',
      id: 'leave',
      'aria-label': 'Leave',
      title: 'Leave',
      onclick: () => (session.leave(), ctx.onLeave()),
    },
    icon('leave'),
  );
  const devices = h('div.popover', { hidden: true, id: 'devices-popover' });

  function renderControls() {
    replace(micBtn, icon(session.muted ? 'micOff' : 'mic'));
    micBtn.classList.toggle('off', session.muted);
    micBtn.setAttribute('aria-label', session.muted ? 'Unmute' : 'Mute');
    micBtn.title = session.muted ? 'Unmute' : 'Mute';
    replace(camBtn, icon(session.videoOn ? 'cam' : 'camOff'));
    camBtn.classList.toggle('off', !session.videoOn);
    camBtn.setAttribute('aria-label', session.videoOn ? 'Turn camera off' : 'Turn camera on');
    camBtn.title = camBtn.getAttribute('aria-label') ?? '';
    renderLocal();
  }

  async function copyInvite() {
    try {
      await navigator.clipboard.writeText(ctx.inviteUrl);
      toast('Invite link copied');
    } catch {
      toast('Copy this link: ' + ctx.inviteUrl);
    }
  }

  async function openDevices() {
    if (!devices.hidden) {
      devices.hidden = true;
      return;
    }
    const list = await listDevices();
    const current = {
      audio: session.localStream?.getAudioTracks()[0]?.getSettings().deviceId,
      video: session.localStream?.getVideoTracks()[0]?.getSettings().deviceId,
    };
    /** @param {'audio'|'video'} kind */
    const sel = (kind) =>
      h(
        'select',
        {
          'aria-label': kind === 'audio' ? 'Microphone' : 'Camera',
          onchange: async (/** @type {Event} */ e) => {
            const id = /** @type {HTMLSelectElement} */ (e.target).value;
            const res = await captureMedia(
              kind === 'audio' ? { audioId: id, video: false } : { videoId: id, audio: false },
            );
            const track = res.stream?.getTracks()[0];
            if (track) {
              await session.replaceTrack(track);
              renderLocal();
            } else toast('Could not switch the device');
          },
        },
        ...list[kind].map((d, i) =>
          h(
            'option',
            { value: d.deviceId, selected: d.deviceId === current[kind] },
            d.label || `${kind} ${i + 1}`,
          ),
        ),
      );
    replace(
      devices,
      h('label', null, 'Microphone'),
      sel('audio'),
      h('label', null, 'Camera'),
      sel('video'),
    );
    devices.hidden = false;
  }

  // ---- session events ----

  offs.push(
    session.on(
      'peer-joined',
      ({ peer }) => (renderPeer(peer), renderPanel(), toast(`${peer.name} joined`)),
    ),
    session.on('peer-left', ({ peerId }) => (removeTile(peerId), renderPanel())),
    session.on('peer-updated', ({ peer }) => (renderPeer(peer), renderPanel())),
    session.on('track', ({ peerId, track }) => {
      const p = session.peers.get(peerId);
      const t = tile(peerId, p?.name ?? '…', false);
      for (const old of t.stream.getTracks())
        if (old.kind === track.kind && old !== track) t.stream.removeTrack(old);
      if (!t.stream.getTracks().includes(track)) t.stream.addTrack(track);
      t.video.play().catch(() => {});
    }),
    session.on('room-updated', renderRoom),
    // Our tile shows what the others see (processed video while a pipeline runs).
    session.on('outgoing-track', ({ kind }) => {
      const t = tiles.get('local');
      if (!t || kind !== 'video') return;
      const sent = session.outgoingTrack('video');
      const camera = session.localStream?.getVideoTracks()[0] ?? null;
      t.video.srcObject = sent && sent !== camera ? new MediaStream([sent]) : session.localStream;
      t.video.play().catch(() => {});
    }),
    session.on('knocking', ({ peerId, name }) => {
      knockers.set(peerId, name);
      renderPanel();
      toast(
        `${name} is knocking`,
        h(
          'button.btn.small.primary',
          {
            type: 'button',
            onclick: () => (session.admit(peerId), knockers.delete(peerId), renderPanel()),
          },
          'Admit',
        ),
      );
    }),
    session.on('reconnecting', () => {
      banner.textContent = 'Connection lost — reconnecting…';
      banner.hidden = false;
    }),
    session.on('reconnected', () => {
      banner.hidden = true;
    }),
    session.on('peer-connection', ({ peerId, connectionState }) => {
      const t = tiles.get(peerId);
      if (t) t.el.dataset.rtc = connectionState;
    }),
  );

  // Who is speaking: a ring around the tile. Remote levels come from the receiver's stats,
  // the local one from an analyser on our own microphone.
  const SPEAKING = 0.04;
  const speakTimer = setInterval(async () => {
    for (const id of session.links.keys()) {
      const t = tiles.get(id);
      if (!t) continue;
      const st = await session.getStats(id).catch(() => null);
      t.el.classList.toggle(
        'speaking',
        (st?.audio?.audioLevel ?? 0) > SPEAKING && !t.el.classList.contains('muted'),
      );
    }
  }, 500);
  offs.push(() => clearInterval(speakTimer));
  if (session.localStream) {
    offs.push(
      levelMeter(session.localStream, (level) =>
        tiles.get('local')?.el.classList.toggle('speaking', level > SPEAKING * 2 && !session.muted),
      ),
    );
  }

  // ---- widgets ----

  /** @type {Map<string, HTMLElement>} */
  const pills = new Map();
  /** @type {import('../widgets/context.js').HostUi} */
  const hostUi = {
    setBadge: (id, value) => dock.setBadge(id, value),
    notify: (_id, text) => toast(text),
    indicator: (id, text) => {
      pills.get(id)?.remove();
      pills.delete(id);
      if (text) {
        const pill = h('span.pill.indicator', { dataset: { widgetId: id } }, text);
        pills.set(id, pill);
        indicators.appendChild(pill);
      }
    },
    open: (id) => dock.select(id),
    close: (id) => {
      if (dock.isVisible(id)) dock.toggle(false);
    },
    isVisible: (id) => dock.isVisible(id),
    tile: (peerId) => tiles.get(peerId)?.el ?? null,
  };
  const api = (/** @type {string} */ path, /** @type {RequestInit} */ init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('X-Room-Id', ctx.roomId);
    headers.set('X-Room-Secret', ctx.secret);
    const url = new URL(path, `${ctx.serverUrl.replace(/\/+$/, '')}/`);
    if (url.origin !== new URL(ctx.serverUrl).origin) {
      return Promise.reject(new TypeError('ctx.api only reaches this server'));
    }
    url.searchParams.set('roomId', ctx.roomId);
    return fetch(url, { ...init, headers, credentials: 'omit' });
  };
  let disposed = false;
  ctx.catalog.then(
    (entries) => {
      if (disposed) return;
      dock.setEntries(entries);
      widgets = new WidgetHost(entries, {
        session,
        roomId: ctx.roomId,
        serverUrl: ctx.serverUrl,
        storage: widgetStorage(),
        ui: hostUi,
        media: {
          local: () => session.localStream,
          remote: (peerId) => tiles.get(peerId)?.stream ?? null,
          video: videoPipeline,
        },
        api,
        paneRoot: (id) => dock.paneRoot(id),
        onMountError: (id, err) => dock.showError(id, err),
      });
      widgets.start();
      const app = /** @type {any} */ (globalThis).tfxApp;
      if (app) {
        app.widgets = widgets;
        app.videoPipeline = videoPipeline;
      }
    },
    (err) => {
      console.warn('tfx: widget catalogue', err);
      dock.setFailed('Widgets could not be loaded from the server.');
    },
  );
  const saveWidgets = () => widgets?.save();
  window.addEventListener('pagehide', saveWidgets);
  offs.push(() => window.removeEventListener('pagehide', saveWidgets));

  const resize = new ResizeObserver(() => layout());
  resize.observe(grid);
  offs.push(() => resize.disconnect());
  for (const p of session.peers.values()) renderPeer(p);
  renderControls();
  renderRoom();

  const el = h(
    'section.screen.room',
    { dataset: { screen: 'room' } },
    h(
      'header.topbar',
      null,
      h('div.logo.small', null, h('span.logo-mark')),
      title,
      count,
      lockBadge,
      indicators,
      h('div.grow'),
      banner,
      helpLink(ctx.serverUrl, 'room'),
    ),
    h('div.stage', null, grid, dock.el, panel),
    h(
      'footer.controls',
      null,
      h('div.control-group', null, micBtn, camBtn, settingsBtn, devices),
      h('div.control-group', null, inviteBtn, peopleBtn, dockBtn),
      h('div.control-group', null, leaveBtn),
    ),
    toasts,
  );
  return {
    el,
    dispose() {
      disposed = true;
      // Leaving for good forgets the widgets' saved state; anything else keeps it for a rejoin.
      widgets?.dispose({ forget: session.state === 'ended' });
      videoPipeline.dispose();
      offs.forEach((off) => off());
      for (const id of [...tiles.keys()]) removeTile(id);
      clear(grid);
    },
  };
}

/** The tab's sessionStorage (widget state survives a reload), or memory when it is unavailable. */
function widgetStorage() {
  try {
    if (globalThis.sessionStorage) return globalThis.sessionStorage;
  } catch {
    /* disabled */
  }
  const m = new Map();
  return {
    getItem: (/** @type {string} */ k) => m.get(k) ?? null,
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => void m.set(k, v),
    removeItem: (/** @type {string} */ k) => void m.delete(k),
  };
}
