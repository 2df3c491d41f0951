// @ts-check
import { h, icon, replace, clear } from '../shared/dom.js';
import { helpLink } from '../shared/help.js';
import { captureMedia, listDevices } from './media.js';
import { widgetDock } from './dock.js';
import { WidgetHost } from '../widgets/host.js';
import { AudioLevels } from './audio-levels.js';
import { SpeakerDetector } from './speakers.js';
import { canShareScreen, captureScreen, screenTiles } from './screens.js';
import { isExtension } from '../shared/env.js';
import { listenForTabShare } from '../extension/present-tab.js';
import { VideoPipeline } from '../media/video-pipeline.js';
import { controlButton } from './control.js';
import { inviteCopier } from './invite.js';
import { deviceOptions } from './prejoin.js';
import { t as tr } from '../i18n/i18n.js';

/**
 * @typedef {import('../../lib/sdk/session.js').TfxSession} TfxSession
 * @typedef {import('../../lib/sdk/codec.js').PeerInfo} PeerInfo
 * @typedef {{el: HTMLElement, video: HTMLVideoElement, stream: MediaStream, name: HTMLElement, status: HTMLElement, avatar: HTMLElement}} Tile
 */

/**
 * The meeting: video grid, controls, people/owner panel and the widget dock.
 * @param {{serverUrl: string, session: TfxSession, roomId: string, secret: string, catalog: Promise<import('../widgets/catalog.js').WidgetEntry[]>, inviteUrl: string, config?: import('../shared/links.js').ClientConfig|null, micOn: boolean, camOn: boolean, onLeave: () => void}} ctx
 * @returns {{el: HTMLElement, dispose: () => void}}
 */
export function roomView(ctx) {
  const { session } = ctx;
  /** @type {Map<string, Tile>} */
  const tiles = new Map();
  /** @type {Map<string, {status: string, relayUnreachable: boolean}>} media connection per peer */
  const rtcHealth = new Map();
  /** @type {Map<string, string>} knocker id → name */
  const knockers = new Map();
  const offs = /** @type {Array<() => void>} */ ([]);

  const grid = h('div.grid', { id: 'video-grid' });
  // While someone shares a screen, screen tiles come first and the cameras wrap after this.
  const gridBreak = h('div.grid-break', { hidden: true });
  grid.appendChild(gridBreak);
  const screens = screenTiles({
    grid,
    nameOf: (peerId) => session.peers.get(peerId)?.name ?? tr('room.someone'),
    onStop: () => stopSharing(),
    onChange: () => layout(),
  });
  const title = h('h1.room-name');
  const count = h('span.pill', { id: 'people-count' });
  const lockBadge = h('span.pill.warn', { hidden: true }, icon('lock'), tr('room.locked'));
  const banner = h('div.banner', { role: 'status', hidden: true });
  const toasts = h('div.toasts', { role: 'status', 'aria-live': 'polite' });
  const panelBody = h('div.panel-body');
  const panel = h(
    'aside.panel',
    { id: 'people-panel', hidden: true },
    h(
      'div.panel-head',
      null,
      h('h2', null, tr('people.title')),
      h(
        'button.icon-btn',
        {
          type: 'button',
          'aria-label': tr('people.close'),
          title: tr('people.close'),
          onclick: () => togglePanel(false),
        },
        icon('close'),
      ),
    ),
    panelBody,
  );
  const indicators = h('div.indicators', { 'aria-live': 'polite' });
  const dock = widgetDock({
    onShow: (id) => widgets?.mount(id).then(() => widgets?.setVisible(id, true)),
    onToggle: (open) => {
      dockBtn.set({ active: open });
      dockBtn.el.setAttribute('aria-expanded', String(open));
    },
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
    // initials of a name: not words to translate
    const avatar = h('div.avatar', { translate: 'no' });
    const el = h(
      'figure.tile',
      { dataset: { peerId: id, local: local ? 'true' : 'false' } },
      avatar,
      video,
      h('figcaption', null, nameEl, status),
    );
    t = { el, video, stream, name: nameEl, status, avatar };
    tiles.set(id, t);
    // One rule on every screen: your own tile comes first among the cameras (screens, when
    // shared, come before all cameras through their CSS order).
    if (local) gridBreak.after(el);
    else grid.appendChild(el);
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
    t.name.textContent = local ? tr('room.you', { name }) : name;
    t.name.setAttribute('translate', 'no');
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
      p.state === 'lost'
        ? h('span.badge', null, tr('room.reconnectingPeer'))
        : connectionBadge(p.peerId),
    );
  }

  /**
   * What the media connection to a peer is doing, as the user manual words it: "connecting…"
   * until it connects, "connection failed" while no path works (the SDK keeps restarting ICE in
   * the background), with the reason when the relay server does not answer.
   * @param {string} peerId
   */
  function connectionBadge(peerId) {
    const rtc = rtcHealth.get(peerId);
    if (!rtc || rtc.status === 'connected') return null;
    if (rtc.status === 'connecting') return h('span.badge.rtc', null, tr('room.connecting'));
    return h(
      'span.badge.rtc.failed',
      { title: tr('room.tryingAgain') },
      rtc.relayUnreachable ? tr('room.connectionFailedRelay') : tr('room.connectionFailed'),
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

  /**
   * Picks the column count that gives the largest 16:9 tiles for the space we have. While
   * screens are shared they get the space, and the cameras a strip below them.
   */
  function layout() {
    const n = Math.max(1, tiles.size);
    const gap = 12;
    const W = grid.clientWidth || window.innerWidth - 32;
    const H = grid.clientHeight || window.innerHeight - 140;
    /** @param {number} count @param {number} width @param {number} height */
    const best = (count, width, height) => {
      let w = 0;
      for (let cols = 1; cols <= count; cols++) {
        const rows = Math.ceil(count / cols);
        const fit = Math.min(
          (width - gap * (cols - 1)) / cols,
          ((height - gap * (rows - 1)) / rows) * (16 / 9),
        );
        w = Math.max(w, fit);
      }
      return Math.floor(w);
    };
    const presenting = screens.size > 0;
    grid.classList.toggle('presenting', presenting);
    gridBreak.hidden = !presenting;
    if (presenting) {
      const strip = Math.max(68, Math.min(H * 0.2, 170));
      const camW = Math.max(96, Math.min(strip * (16 / 9), (W - gap * (n - 1)) / n));
      const perRow = Math.max(1, Math.floor((W + gap) / (camW + gap)));
      const camRows = Math.ceil(n / perRow);
      const area = Math.max(120, H - camRows * (camW * (9 / 16) + gap));
      grid.style.setProperty('--tile-w', `${Math.floor(camW)}px`);
      grid.style.setProperty('--screen-w', `${Math.max(160, best(screens.size, W, area))}px`);
    } else {
      grid.style.setProperty('--tile-w', `${Math.max(120, best(n, W, H))}px`);
    }
    count.textContent = tr('room.count', { n });
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
    title.textContent = r?.name || tr('room.defaultName');
    if (r?.name) title.setAttribute('translate', 'no');
    else title.removeAttribute('translate');
    lockBadge.hidden = !r?.locked;
    renderPanel();
  }

  function renderPanel() {
    const people = [
      h(
        'li.person',
        null,
        h('span.dot.ok'),
        h('span.grow', null, tr('room.you', { name: session.name })),
        session.owner ? h('span.pill.small', null, tr('people.host')) : null,
      ),
    ];
    for (const p of session.peers.values()) {
      people.push(
        h(
          'li.person',
          { dataset: { peerId: p.peerId } },
          h(`span.dot.${p.state === 'lost' ? 'warn' : 'ok'}`),
          h('span.grow', { translate: 'no' }, p.name),
          p.owner ? h('span.pill.small', null, tr('people.host')) : null,
          session.owner
            ? h(
                'button.btn.small.danger',
                {
                  type: 'button',
                  class: 'kick',
                  'aria-label': tr('people.removeName', { name: p.name }),
                  onclick: () => session.kick(p.peerId),
                },
                tr('people.remove'),
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
          placeholder: r?.hasPassword ? '••••••' : tr('landing.passwordNone'),
        })
      );
      const cap = /** @type {HTMLInputElement} */ (
        h('input', {
          id: 'capacity-input',
          type: 'number',
          min: ctx.config?.minCapacity,
          max: ctx.config?.maxCapacity,
          value: String(r?.capacity || ''),
        })
      );
      sections.push(
        h('h3', null, tr('people.waiting')),
        knockers.size
          ? h(
              'ul.people',
              { id: 'knock-list' },
              ...[...knockers].map(([id, name]) =>
                h(
                  'li.person',
                  { dataset: { peerId: id } },
                  h('span.grow', { translate: 'no' }, name),
                  h(
                    'button.btn.small.primary',
                    {
                      type: 'button',
                      class: 'admit',
                      onclick: () => (session.admit(id), knockers.delete(id), renderPanel()),
                    },
                    tr('people.admit'),
                  ),
                  h(
                    'button.btn.small',
                    {
                      type: 'button',
                      class: 'deny',
                      onclick: () => (session.deny(id), knockers.delete(id), renderPanel()),
                    },
                    tr('people.deny'),
                  ),
                ),
              ),
            )
          : h('p.muted.small', null, tr('people.nobodyWaiting')),
        h('h3', null, tr('people.settings')),
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
          h('span', null, tr('people.lock')),
        ),
        h(
          'form.inline',
          {
            onsubmit: (/** @type {Event} */ e) => {
              e.preventDefault();
              const v = parseInt(cap.value, 10);
              if (Number.isInteger(v)) session.configure({ capacity: v });
              toast(tr('people.capacitySaved'));
            },
          },
          h('label', { for: 'capacity-input' }, tr('landing.capacity')),
          cap,
          h('button.btn.small', { type: 'submit' }, tr('people.save')),
        ),
        ctx.config
          ? h(
              'p.muted.small',
              null,
              tr('people.capacityHint', {
                min: ctx.config.minCapacity,
                max: ctx.config.maxCapacity,
              }),
            )
          : null,
        h(
          'form.inline',
          {
            id: 'password-form',
            onsubmit: (/** @type {Event} */ e) => {
              e.preventDefault();
              session.configure({ password: pw.value });
              toast(pw.value ? tr('people.passwordSet') : tr('people.passwordRemoved'));
              pw.value = '';
            },
          },
          h('label', { for: 'password-input' }, tr('landing.password')),
          pw,
          h(
            'button.btn.small',
            { type: 'submit' },
            r?.hasPassword ? tr('people.passwordChange') : tr('people.passwordSetButton'),
          ),
        ),
        r?.hasPassword ? h('p.muted.small', null, tr('people.passwordHint')) : null,
      );
    }
    replace(panelBody, ...sections);
  }

  /** @param {boolean} [open] */
  function togglePanel(open) {
    panel.hidden = open === undefined ? !panel.hidden : !open;
    peopleBtn.set({ active: !panel.hidden });
    peopleBtn.el.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) /** @type {HTMLElement|null} */ (panel.querySelector('button'))?.focus();
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

  const micBtn = controlButton({
    id: 'toggle-mic',
    icon: 'mic',
    label: tr('call.mute'),
    onclick: () => (session.setMuted(!session.muted), renderControls()),
  });
  const camBtn = controlButton({
    id: 'toggle-cam',
    icon: 'cam',
    label: tr('call.stopVideo'),
    onclick: () => (session.setVideoEnabled(!session.videoOn), renderControls()),
  });
  const screenBtn = controlButton({
    id: 'share-screen',
    icon: 'screen',
    label: tr('call.shareScreen'),
    hidden: !canShareScreen(),
    onclick: () => (session.screenStream ? stopSharing() : shareScreen()),
  });
  let picking = false;
  async function shareScreen() {
    if (picking) return;
    picking = true;
    try {
      await session.startScreenShare(await captureScreen());
    } catch (err) {
      const name = /** @type {any} */ (err)?.name;
      // Cancelling the browser's picker is not an error.
      if (name !== 'NotAllowedError' && name !== 'AbortError') {
        console.warn('tfx: screen share', err);
        toast(tr('call.shareFailed'));
      }
    } finally {
      picking = false;
      renderControls();
    }
  }
  function stopSharing() {
    session.stopScreenShare();
    renderControls();
  }
  const devices = h('div.popover', {
    hidden: true,
    id: 'devices-popover',
    role: 'group',
    'aria-label': tr('call.devices'),
  });
  const invite = inviteCopier(ctx.inviteUrl, 'invite-link');
  const invitePop = h(
    'div.popover.invite-popover',
    { hidden: true, id: 'invite-popover', role: 'group', 'aria-label': tr('invite.label') },
    invite.el,
  );
  const inviteBtn = controlButton({
    id: 'copy-invite',
    icon: 'link',
    label: tr('call.invite'),
    onclick: () => openPopover(invitePop, inviteBtn, () => invite.button.focus()),
  });
  const peopleBtn = controlButton({
    id: 'people-btn',
    icon: 'people',
    label: tr('call.people'),
    onclick: () => togglePanel(),
  });
  const dockBadge = h('span.btn-badge', { hidden: true });
  const dockBtn = controlButton({
    id: 'widgets-btn',
    icon: 'widgets',
    label: tr('call.widgets'),
    onclick: () => {
      dock.toggle();
      // Keyboard users land in what they opened (the dock comes before the call bar).
      if (dock.open) dock.focus();
    },
  });
  dockBtn.face.appendChild(dockBadge);
  const settingsBtn = controlButton({
    id: 'devices-btn',
    icon: 'settings',
    label: tr('call.devices'),
    onclick: () => openDevices(),
  });
  const leaveBtn = controlButton({
    id: 'leave',
    icon: 'leave',
    label: tr('call.leave'),
    kind: 'danger',
    onclick: () => (session.leave(), ctx.onLeave()),
  });
  for (const b of [inviteBtn, settingsBtn, peopleBtn, dockBtn]) {
    b.el.setAttribute('aria-expanded', 'false');
  }
  inviteBtn.el.setAttribute('aria-controls', 'invite-popover');
  settingsBtn.el.setAttribute('aria-controls', 'devices-popover');
  peopleBtn.el.setAttribute('aria-controls', 'people-panel');
  dockBtn.el.setAttribute('aria-controls', 'tfx-widget-dock');

  /** @type {Array<[HTMLElement, ReturnType<typeof controlButton>]>} */
  const popovers = [
    [devices, settingsBtn],
    [invitePop, inviteBtn],
  ];
  /**
   * Shows one popover above the call bar (closing the other), or closes it when it is open.
   * @param {HTMLElement} pop
   * @param {ReturnType<typeof controlButton>} btn
   * @param {() => void} focusFirst
   */
  function openPopover(pop, btn, focusFirst) {
    const open = pop.hidden;
    for (const [p, b] of popovers) {
      p.hidden = p === pop ? !open : true;
      b.el.setAttribute('aria-expanded', String(!p.hidden));
      b.set({ active: !p.hidden });
    }
    if (open) focusFirst();
  }
  /** Escape closes an open popover and gives the focus back to its button. */
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (e.key !== 'Escape') return;
    for (const [p, b] of popovers) {
      if (!p.hidden) {
        p.hidden = true;
        b.el.setAttribute('aria-expanded', 'false');
        b.set({ active: false });
        b.el.focus();
      }
    }
  };
  document.addEventListener('keydown', onKey);
  offs.push(() => document.removeEventListener('keydown', onKey));

  function renderControls() {
    micBtn.set({
      icon: session.muted ? 'micOff' : 'mic',
      label: session.muted ? tr('call.unmute') : tr('call.mute'),
      off: session.muted,
    });
    camBtn.set({
      icon: session.videoOn ? 'cam' : 'camOff',
      label: session.videoOn ? tr('call.stopVideo') : tr('call.startVideo'),
      off: !session.videoOn,
    });
    const sharing = !!session.screenStream;
    screenBtn.set({
      icon: sharing ? 'screenStop' : 'screen',
      label: sharing ? tr('call.stopSharing') : tr('call.shareScreen'),
      active: sharing,
    });
    renderLocal();
  }

  async function openDevices() {
    if (!devices.hidden) {
      openPopover(devices, settingsBtn, () => {});
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
          id: `devices-${kind}`,
          onchange: async (/** @type {Event} */ e) => {
            const id = /** @type {HTMLSelectElement} */ (e.target).value;
            const res = await captureMedia(
              kind === 'audio' ? { audioId: id, video: false } : { videoId: id, audio: false },
            );
            const track = res.stream?.getTracks()[0];
            if (track) {
              await session.replaceTrack(track);
              renderLocal();
            } else toast(tr('devices.switchFailed'));
          },
        },
        ...deviceOptions(list[kind], current[kind], kind === 'audio' ? 'microphone' : 'camera'),
      );
    replace(
      devices,
      h('label', { for: 'devices-audio' }, tr('devices.microphone')),
      sel('audio'),
      h('label', { for: 'devices-video' }, tr('devices.camera')),
      sel('video'),
    );
    openPopover(devices, settingsBtn, () =>
      /** @type {HTMLElement|null} */ (devices.querySelector('select'))?.focus(),
    );
  }

  // ---- session events ----

  offs.push(
    session.on(
      'peer-joined',
      ({ peer }) => (
        renderPeer(peer),
        renderPanel(),
        toast(tr('room.joined', { name: peer.name }))
      ),
    ),
    session.on('peer-left', ({ peerId }) => (removeTile(peerId), renderPanel())),
    session.on(
      'peer-updated',
      ({ peer }) => (renderPeer(peer), renderPanel(), screens.rename(peer.peerId)),
    ),
    session.on('screen-started', (share) => {
      screens.add(share);
      if (share.local) renderControls();
      else
        toast(
          tr('room.sharing', { name: session.peers.get(share.peerId)?.name ?? tr('room.someone') }),
        );
    }),
    session.on('screen-ended', ({ streamId, local }) => {
      screens.remove(streamId);
      if (local) renderControls();
    }),
    session.on('track', ({ peerId, track }) => {
      const p = session.peers.get(peerId);
      const t = tile(peerId, p?.name ?? '…', false);
      for (const old of t.stream.getTracks())
        if (old.kind === track.kind && old !== track) t.stream.removeTrack(old);
      if (!t.stream.getTracks().includes(track)) t.stream.addTrack(track);
      t.video.play().catch(() => {});
    }),
    session.on('room-updated', renderRoom),
    // Mute, camera or name changed from elsewhere (the embed API): show it on the buttons.
    session.on('self-updated', renderControls),
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
        tr('room.knocking', { name }),
        h(
          'button.btn.small.primary',
          {
            type: 'button',
            onclick: () => (session.admit(peerId), knockers.delete(peerId), renderPanel()),
          },
          tr('people.admit'),
        ),
      );
    }),
    session.on('reconnecting', () => {
      banner.textContent = tr('room.reconnecting');
      banner.hidden = false;
    }),
    session.on('reconnected', () => {
      banner.hidden = true;
    }),
    session.on('peer-connection', ({ peerId, connectionState, status, relayUnreachable }) => {
      const t = tiles.get(peerId);
      if (t) t.el.dataset.rtc = connectionState;
      if (connectionState === 'closed') rtcHealth.delete(peerId);
      else if (status)
        rtcHealth.set(peerId, { status, relayUnreachable: relayUnreachable === true });
      const p = session.peers.get(peerId);
      if (p && t) renderPeer(p);
    }),
  );

  // Who is speaking: one analyser per participant (ours and every remote tile's stream) feeds
  // the speaker detector ten times a second; the tiles get a ring while someone speaks and a
  // stronger one for the single loudest speaker. It runs here, not in a widget, so that the grid
  // shows it whatever widgets the server offers; the audio widget reads the same levels.
  const audio = new AudioLevels();
  const speakers = new SpeakerDetector();
  const AUDIO_TICK_MS = 100;
  const audioTimer = setInterval(() => {
    /** @type {Map<string, number>} */
    const levels = new Map();
    for (const [id, t] of tiles) {
      const local = id === 'local';
      const track = local ? session.localStream?.getAudioTracks()[0] : t.stream.getAudioTracks()[0];
      audio.attach(id, track);
      // A muted participant is silent at once, before the last packets have played out.
      const muted = local ? session.muted : session.peers.get(id)?.muted;
      levels.set(id, muted ? 0 : audio.level(id));
    }
    audio.retain(tiles.keys());
    const change = speakers.update(levels, performance.now());
    if (change) markSpeakers(change);
  }, AUDIO_TICK_MS);
  offs.push(() => (clearInterval(audioTimer), audio.dispose()));

  /** @param {import('./speakers.js').SpeakerChange} change */
  function markSpeakers(change) {
    for (const [id, t] of tiles) {
      const speaking = change.speaking.includes(id);
      t.el.classList.toggle('speaking', speaking);
      t.el.classList.toggle('dominant', change.dominant === id);
      t.el.dataset.speaking = String(speaking);
    }
  }
  /** What widgets with an audio permission read as `ctx.media.audio`. */
  const audioAccess = Object.freeze({
    /** @param {string} id 'local' or a peer id */
    level: (id) => audio.level(id),
    /** @param {string} id @param {number} [bands] */
    spectrum: (id, bands) => audio.spectrum(id, bands),
    /** @param {string} id */
    speaking: (id) => speakers.isSpeaking(id),
    dominant: () => speakers.dominant,
    /** 'running', or 'suspended' until a click when the browser's autoplay rule holds audio */
    state: () => audio.contextState,
  });
  // Debug handle for tests and the console: the measured levels, who speaks, who is loudest.
  const app = /** @type {any} */ (globalThis).tfxApp;
  if (app) {
    app.audio = {
      levels: () => Object.fromEntries(audio.ids().map((id) => [id, audio.level(id)])),
      spectrum: (/** @type {string} */ id, /** @type {number} */ bands) => [
        ...(audio.spectrum(id, bands) ?? []),
      ],
      speaking: () => speakers.state().speaking,
      dominant: () => speakers.dominant,
      contextState: () => audio.contextState,
    };
    offs.push(() => delete app.audio);
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
    // As the server's RoomAccess reads them: the id in the query, the secret in a header (so it
    // stays out of access logs). Only X-Room-Secret: the extension's CORS allows no other.
    const headers = new Headers(init.headers);
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
          audio: audioAccess,
          screens: () => session.screens(),
          video: videoPipeline,
        },
        api,
        paneRoot: (id) => dock.paneRoot(id),
        onMountError: (id, err) => dock.showError(id, err),
      });
      widgets.start();
      if (app) app.widgets = widgets;
      if (app) app.videoPipeline = videoPipeline;
    },
    (err) => {
      console.warn('tfx: widget catalogue', err);
      dock.setFailed(tr('dock.failed'));
    },
  );
  const saveWidgets = () => widgets?.save();
  window.addEventListener('pagehide', saveWidgets);
  offs.push(() => window.removeEventListener('pagehide', saveWidgets));

  const resize = new ResizeObserver(() => {
    layout();
    // Panels and toasts on small screens end where the (possibly two-row) call bar begins.
    el.style.setProperty('--controls-h', `${controls.offsetHeight}px`);
  });
  resize.observe(grid);
  offs.push(() => resize.disconnect());
  for (const p of session.peers.values()) renderPeer(p);
  for (const share of session.screens()) screens.add(share);
  // In the extension, the toolbar's "Present this tab" shares a tab through this page.
  if (isExtension()) offs.push(listenForTabShare(session, toast));
  renderControls();
  renderRoom();

  const controls = h(
    'footer.controls',
    { role: 'group', 'aria-label': tr('call.controls') },
    h('div.control-group', null, micBtn.el, camBtn.el, screenBtn.el, settingsBtn.el, devices),
    h('div.control-group', null, inviteBtn.el, peopleBtn.el, dockBtn.el, invitePop),
    h('div.control-group', null, leaveBtn.el),
  );
  resize.observe(controls);
  const el = h(
    'main.screen.room',
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
    controls,
    toasts,
  );
  return {
    el,
    /**
     * Opens a widget's pane, once the catalogue is there.
     * @param {string} id
     * @returns {Promise<boolean>} false when the server offers no such widget
     */
    async openWidget(id) {
      const entries = await ctx.catalog.catch(() => []);
      if (disposed || !entries.some((e) => e.id === id)) return false;
      dock.select(id);
      return true;
    },
    /** Closes the widget dock. */
    closeWidgets: () => dock.toggle(false),
    /** @returns {Promise<string[]>} the ids of the widgets this room offers */
    widgetIds: async () => (await ctx.catalog.catch(() => [])).map((e) => e.id),
    dispose() {
      disposed = true;
      // Leaving for good forgets the widgets' saved state; anything else keeps it for a rejoin.
      widgets?.dispose({ forget: session.state === 'ended' });
      videoPipeline.dispose();
      offs.forEach((off) => off());
      screens.dispose();
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
