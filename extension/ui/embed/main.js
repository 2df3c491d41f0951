// @ts-check
/**
 * The embed page, `/embed/{roomId}#secret`: a compact room for other sites to put in an
 * `<iframe>`, driven by the page around it through the postMessage API (protocol.js,
 * docs/developer/embed-api.md) — or by hand, with the join card and the room's own controls.
 * It reuses the web client's room view, media helpers and widget dock.
 */
import { TfxSession } from '../../lib/sdk/index.js';
import { h, replace, icon } from '../shared/dom.js';
import { fetchRoomInfo, prefs } from '../shared/links.js';
import { roomView } from '../app/room.js';
import { noticeCard } from '../app/notice.js';
import { captureMedia, stopStream } from '../app/media.js';
import { loadCatalog } from '../widgets/catalog.js';
import { publicPeer } from '../widgets/context.js';
import {
  EmbedApi,
  EmbedError,
  PROTOCOL_VERSION,
  COMMANDS,
  EVENTS,
  boolArg,
  stringArg,
} from './protocol.js';
import { t, markDocumentLanguage } from '../i18n/i18n.js';

markDocumentLanguage();

/**
 * @typedef {import('../../lib/sdk/session.js').TfxSession} Session
 * @typedef {'idle'|'joining'|'joined'|'left'} State
 * @typedef {{name: string, audio: boolean, video: boolean, startMuted: boolean, startCameraOff: boolean, password?: string, knock: boolean}} JoinOptions
 */

const root = /** @type {HTMLElement} */ (document.getElementById('app'));
const serverUrl = location.origin;
const roomId = decodeURIComponent(location.pathname.match(/\/embed\/([^/]+)\/?$/)?.[1] ?? '');
const secret = decodeURIComponent(location.hash.replace(/^#/, ''));

/** @type {State} */
let state = 'idle';
/** @type {Session|null} */
let session = null;
/** @type {MediaStream|null} */
let stream = null;
/** @type {ReturnType<typeof roomView>|null} */
let view = null;
/** @type {Array<() => void>} */
let offs = [];
/** @type {{name?: string, locked?: boolean, error?: string}} */
let roomInfo = {};
/** @type {() => void} */
let disposeScreen = () => {};

/** A debugging handle (also used by the e2e tests), like the web client's. */
const handle = /** @type {any} */ (globalThis.tfxApp = { session: null, screen: '', embed: true });

/**
 * @param {HTMLElement} el
 * @param {string} name
 * @param {() => void} [dispose]
 */
function show(el, name, dispose = () => {}) {
  disposeScreen();
  disposeScreen = dispose;
  handle.screen = name;
  replace(root, el);
}

const api = new EmbedApi({
  window,
  allowed: fetch(`${serverUrl}/api/client-config`, { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : { embedOrigins: [] }))
    .then((c) => (Array.isArray(c?.embedOrigins) ? c.embedOrigins : [])),
  handlers: {
    hello: () => readyData(),
    getState: () => stateData(),
    join: (d) => join(joinOptions(d)),
    leave: () => leave('left'),
    mute: (d) => {
      const s = joined();
      s.setMuted(boolArg(d, 'muted'));
      return { muted: s.muted };
    },
    camera: (d) => {
      const s = joined();
      const on = boolArg(d, 'on');
      if (on && !s.localStream?.getVideoTracks().length) {
        throw new EmbedError('no-camera', 'joined without a camera: join with video: true');
      }
      s.setVideoEnabled(on);
      return { on: s.videoOn };
    },
    setName: (d) => {
      const s = joined();
      s.setName(/** @type {string} */ (stringArg(d, 'name', { max: 64, required: true })));
      return { name: s.name };
    },
    openWidget: async (d) => {
      joined();
      const id = /** @type {string} */ (stringArg(d, 'id', { max: 64, required: true }));
      if (!(await view?.openWidget(id))) {
        throw new EmbedError('unknown-widget', `this room offers no widget "${id}"`);
      }
      return { id };
    },
    closeWidget: () => {
      joined();
      view?.closeWidgets();
      return {};
    },
    setUi: (d) => {
      document.body.classList.toggle('no-header', !boolArg(d, 'header', true));
      document.body.classList.toggle('no-controls', !boolArg(d, 'controls', true));
      return {
        header: !document.body.classList.contains('no-header'),
        controls: !document.body.classList.contains('no-controls'),
      };
    },
  },
});

/** @returns {Session} the session, when in the room */
function joined() {
  if (state !== 'joined' || !session) throw new EmbedError('not-joined', 'join the room first');
  return session;
}

/**
 * @param {Record<string, unknown>} d
 * @returns {JoinOptions}
 */
function joinOptions(d) {
  return {
    name: (stringArg(d, 'name', { max: 64 }) ?? prefs.load().name ?? t('prejoin.guest')).trim(),
    audio: boolArg(d, 'audio', true),
    video: boolArg(d, 'video', true),
    startMuted: boolArg(d, 'startMuted', false),
    startCameraOff: boolArg(d, 'startCameraOff', false),
    password: stringArg(d, 'password', { max: 256 }),
    knock: boolArg(d, 'knock', false),
  };
}

function readyData() {
  return {
    version: PROTOCOL_VERSION,
    roomId,
    state,
    commands: [...COMMANDS],
    events: [...EVENTS],
  };
}

async function stateData() {
  const s = session;
  const inRoom = state === 'joined' && s;
  return {
    state,
    roomId,
    room: inRoom ? roomData(s) : { id: roomId, name: roomInfo.name ?? '' },
    self: inRoom
      ? { peerId: s.peerId, name: s.name, owner: s.owner, muted: s.muted, video: s.videoOn }
      : null,
    peers: inRoom ? [...s.peers.values()].map(publicPeer) : [],
    widgets: inRoom && view ? await view.widgetIds() : [],
  };
}

/** @param {Session} s */
function roomData(s) {
  const r = s.room;
  return {
    id: roomId,
    name: r?.name ?? '',
    locked: !!r?.locked,
    size: r?.size ?? s.peers.size + 1,
    capacity: r?.capacity ?? null,
  };
}

/**
 * SDK error → the API's error code: the protocol's code when there is one
 * ("room-full"), else the SDK code in the same style ("ERR_SERVER_UNREACHABLE" →
 * "server-unreachable").
 * @param {any} err
 */
function codeOf(err) {
  return (
    err?.protocolCode ??
    String(err?.code ?? 'internal')
      .replace(/^ERR_/, '')
      .toLowerCase()
      .replace(/_/g, '-')
  );
}

/**
 * Joins the room (from the join card or the `join` command).
 * @param {JoinOptions} o
 * @returns {Promise<object>} what the `join` reply carries
 */
function join(o) {
  if (state === 'joining') throw new EmbedError('busy', 'a join is already in progress');
  if (state === 'joined') throw new EmbedError('already-joined', 'already in the room');
  if (!secret) throw new EmbedError('wrong-secret', 'the frame URL has no secret after "#"');
  state = 'joining';
  api.emit('joining', {});
  show(
    h(
      'section.screen.center',
      { dataset: { screen: 'joining' } },
      h('div.spinner'),
      h('p.muted', { id: 'embed-joining' }, t('embed.joining')),
    ),
    'joining',
  );
  return new Promise((resolve, reject) => {
    (async () => {
      /** @type {string|null} */
      let mediaError = null;
      if (o.audio || o.video) {
        const res = await captureMedia({ audio: o.audio, video: o.video });
        stream = res.stream;
        mediaError = res.error;
      }
      stream?.getAudioTracks().forEach((t) => (t.enabled = !o.startMuted));
      stream?.getVideoTracks().forEach((t) => (t.enabled = !o.startCameraOff));
      const catalog = loadCatalog(serverUrl);
      catalog.catch(() => {});
      const s = TfxSession.join(serverUrl, roomId, secret, {
        name: o.name,
        media: stream,
        password: o.password,
      });
      session = s;
      handle.session = s;
      s.muted = !stream?.getAudioTracks().length || o.startMuted;
      s.videoOn = !!stream?.getVideoTracks().length && !o.startCameraOff;

      const fail = (/** @type {any} */ err) => {
        cleanup();
        s.leave();
        stopStream(stream);
        stream = null;
        session = null;
        handle.session = null;
        state = 'idle';
        idleScreen(err);
        reject(new EmbedError(codeOf(err), String(err?.message ?? err)));
      };
      const cleanup = () => {
        offJoined();
        offError();
      };
      const offError = s.on('error', (/** @type {any} */ err) => {
        if (err.code === 'ERR_ROOM_LOCKED' && o.knock) {
          s.knock();
          api.emit('waiting', { reason: 'room-locked' });
          replace(
            root,
            h(
              'section.screen.center',
              { dataset: { screen: 'waiting' } },
              h('div.spinner'),
              h('p.muted', null, t('embed.waiting')),
            ),
          );
          return;
        }
        if (err.fatal || err.code === 'ERR_SERVER_UNREACHABLE' || s.state === 'joining') fail(err);
        else if (err.code === 'ERR_ROOM_LOCKED' || s.state === 'knocking') fail(err);
      });
      const offJoined = s.on('joined', () => {
        cleanup();
        if (s.muted) s.setMuted(true);
        if (!s.videoOn) s.setVideoEnabled(false);
        enterRoom(s, catalog);
        resolve({
          peerId: s.peerId,
          room: roomData(s),
          self: { name: s.name, owner: s.owner, muted: s.muted, video: s.videoOn },
          peers: [...s.peers.values()].map(publicPeer),
          media: {
            audio: !!stream?.getAudioTracks().length,
            video: !!stream?.getVideoTracks().length,
            error: mediaError,
          },
        });
      });
    })().catch(reject);
  });
}

/**
 * @param {Session} s
 * @param {ReturnType<typeof loadCatalog>} catalog
 */
function enterRoom(s, catalog) {
  state = 'joined';
  let last = { muted: s.muted, video: s.videoOn };
  offs = [
    s.on('peer-joined', ({ peer }) => api.emit('peer-joined', { peer: publicPeer(peer) })),
    s.on('peer-left', ({ peerId, reason }) => api.emit('peer-left', { peerId, reason })),
    s.on('peer-updated', ({ peer }) => api.emit('peer-updated', { peer: publicPeer(peer) })),
    s.on('room-updated', () => api.emit('room-updated', { room: roomData(s) })),
    s.on('reconnecting', () => api.emit('reconnecting', {})),
    s.on('reconnected', ({ resumed }) => api.emit('reconnected', { resumed })),
    s.on('self-updated', ({ muted, video }) => {
      if (muted !== last.muted) api.emit('muted', { muted });
      if (video !== last.video) api.emit('camera', { on: video });
      last = { muted, video };
    }),
    s.on('error', (/** @type {any} */ err) => {
      api.emit('error', { code: codeOf(err), message: String(err.message) });
      if (err.fatal) leave(codeOf(err));
    }),
  ];
  const v = roomView({
    serverUrl,
    session: s,
    roomId,
    secret,
    catalog,
    inviteUrl: '',
    micOn: !s.muted,
    camOn: s.videoOn,
    onLeave: () => leave('left'),
  });
  view = v;
  show(v.el, 'room', () => v.dispose());
  api.emit('joined', {
    peerId: s.peerId,
    room: roomData(s),
    peers: [...s.peers.values()].map(publicPeer),
  });
}

/**
 * Leaves the room (the leave button, the `leave` command, or being removed).
 * @param {string} reason `left`, or the error that ended the session (`kicked`…)
 */
function leave(reason) {
  if (state !== 'joined' || !session) throw new EmbedError('not-joined', 'not in the room');
  const s = session;
  offs.forEach((off) => off());
  offs = [];
  if (s.state !== 'ended') s.leave();
  state = 'left';
  session = null;
  view = null;
  stopStream(stream);
  stream = null;
  show(leftScreen(reason), 'left');
  api.emit('left', { reason });
  return { reason };
}

/** @param {string} reason */
function leftScreen(reason) {
  const again = h(
    'button.btn.primary',
    { type: 'button', id: 'embed-rejoin', onclick: () => idleScreen() },
    t('embed.again'),
  );
  return noticeCard(reason === 'kicked' ? 'ERR_KICKED' : 'LEFT', [again]);
}

/**
 * The join card: name, microphone and camera, Join. Shown until someone joins, by hand or
 * through the API.
 * @param {any} [err] why the last join failed
 */
function idleScreen(err) {
  if (state === 'left') state = 'idle';
  if (roomInfo.error === 'wrong-secret' || roomInfo.error === 'room-not-found') {
    show(
      noticeCard(roomInfo.error === 'wrong-secret' ? 'ERR_WRONG_SECRET' : 'ERR_ROOM_NOT_FOUND'),
      'notice',
    );
    return;
  }
  const saved = prefs.load();
  const name = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'embed-name',
      maxLength: 64,
      placeholder: t('prejoin.namePlaceholder'),
      value: saved.name ?? '',
      autocomplete: 'nickname',
    })
  );
  let mic = saved.micOn !== false;
  let cam = saved.camOn !== false;
  const micBtn = h('button.round', {
    type: 'button',
    id: 'embed-mic',
    onclick: () => toggle('mic'),
  });
  const camBtn = h('button.round', {
    type: 'button',
    id: 'embed-cam',
    onclick: () => toggle('cam'),
  });
  /** @param {'mic'|'cam'} which */
  function toggle(which) {
    if (which === 'mic') mic = !mic;
    else cam = !cam;
    render();
  }
  function render() {
    replace(micBtn, icon(mic ? 'mic' : 'micOff'));
    micBtn.classList.toggle('off', !mic);
    micBtn.setAttribute('aria-label', mic ? t('embed.micOn') : t('embed.micOff'));
    micBtn.setAttribute('aria-pressed', String(mic));
    micBtn.title = micBtn.getAttribute('aria-label') ?? '';
    replace(camBtn, icon(cam ? 'cam' : 'camOff'));
    camBtn.classList.toggle('off', !cam);
    camBtn.setAttribute('aria-label', cam ? t('embed.camOn') : t('embed.camOff'));
    camBtn.setAttribute('aria-pressed', String(cam));
    camBtn.title = camBtn.getAttribute('aria-label') ?? '';
  }
  render();
  const message = err ? h('p.form-error', { role: 'alert' }, String(err.message ?? err)) : null;
  // A room with a password: ask for it once the server said so.
  const needsPassword = ['password-required', 'wrong-password'].includes(codeOf(err));
  const password = needsPassword
    ? /** @type {HTMLInputElement} */ (
        h('input', { id: 'embed-password', type: 'password', autocomplete: 'current-password' })
      )
    : null;
  show(
    h(
      'section.screen.center.embed-join',
      { dataset: { screen: 'join' } },
      h(
        'form.card.stack',
        {
          onsubmit: (/** @type {Event} */ e) => {
            e.preventDefault();
            const n = name.value.trim() || t('prejoin.guest');
            prefs.save({ name: n, micOn: mic, camOn: cam });
            join({
              name: n,
              audio: true,
              video: true,
              startMuted: !mic,
              startCameraOff: !cam,
              knock: true,
              password: password?.value || undefined,
            }).catch(() => {});
          },
        },
        h('p.eyebrow', null, t('embed.eyebrow')),
        h('h1.room-title', { id: 'embed-room-name' }, roomInfo.name || t('room.defaultName')),
        message,
        h('label', { for: 'embed-name' }, t('prejoin.nameLabel')),
        name,
        password ? h('label', { for: 'embed-password' }, t('landing.password')) : null,
        password,
        h(
          'div.embed-join-row',
          null,
          micBtn,
          camBtn,
          h('button.btn.primary.grow', { type: 'submit', id: 'embed-join' }, t('landing.join')),
        ),
        h('p.muted.small', null, t('embed.direct')),
      ),
    ),
    'join',
  );
}

async function main() {
  show(h('section.screen.center', null, h('div.spinner')), 'loading');
  if (!roomId) {
    show(noticeCard('ERR_BAD_LINK'), 'notice');
    return;
  }
  if (!secret) {
    show(noticeCard('ERR_BAD_LINK'), 'notice');
    await api.loaded;
    api.emit('error', { code: 'wrong-secret', message: 'the frame URL has no secret after "#"' });
    return;
  }
  try {
    roomInfo = await fetchRoomInfo(serverUrl, roomId, secret);
  } catch {
    roomInfo = {};
  }
  document.title = t('room.pageTitle', { name: roomInfo.name || t('room.defaultName') });
  if (state === 'idle') idleScreen();
  await api.loaded;
  api.emit('ready', readyData());
  if (roomInfo.error) {
    api.emit('error', {
      code: roomInfo.error,
      message: roomInfo.error === 'wrong-secret' ? 'the room secret is wrong' : 'no such room',
    });
  }
}

main().catch((err) => {
  console.error(err);
  show(noticeCard('ERR_INTERNAL', [], String(err)), 'notice');
});
