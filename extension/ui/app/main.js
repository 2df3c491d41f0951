// @ts-check
/**
 * The web client: landing → pre-join → room. The same bundle runs at /app/ and /r/{id} on the
 * server and as room.html inside the extension.
 */
import { TfxSession } from '../../lib/sdk/index.js';
import { h, replace } from '../shared/dom.js';
import {
  currentRoute,
  isExtension,
  roomPageUrl,
  serverUrl as resolveServerUrl,
} from '../shared/env.js';
import {
  fetchClientConfig,
  fetchRoomInfo,
  inviteUrl,
  ownerTokens,
  prefs,
} from '../shared/links.js';
import { landing } from './landing.js';
import { prejoin } from './prejoin.js';
import { roomView } from './room.js';
import { noticeCard } from './notice.js';
import { helpLink } from '../shared/help.js';
import { captureMedia, stopStream } from './media.js';
import { loadCatalog } from '../widgets/catalog.js';
import { t, markDocumentLanguage } from '../i18n/i18n.js';

const root = /** @type {HTMLElement} */ (document.getElementById('app'));
/** @type {() => void} */
let disposeScreen = () => {};

/**
 * @param {HTMLElement} el
 * @param {() => void} [dispose]
 */
function show(el, dispose = () => {}) {
  disposeScreen();
  disposeScreen = dispose;
  replace(root, el);
}

/** A debugging handle (also used by the e2e tests): the live session of this page. */
const handle = /** @type {any} */ (
  globalThis.tfxApp = {
    session: /** @type {TfxSession|null} */ (null),
    screen: '',
  }
);

async function main() {
  markDocumentLanguage();
  document.title = t('app.title');
  const serverUrl = await resolveServerUrl();
  // What the server offers (room sizes, translation): asked once, while the page starts.
  const config = fetchClientConfig(serverUrl);
  const manualUrl = `${serverUrl}/manual/user/`;
  const route = currentRoute();
  const open = (/** @type {string} */ roomId, /** @type {string} */ secret) => {
    location.assign(roomPageUrl(roomId, secret));
  };
  if (!route) {
    show(landing({ serverUrl, open, manualUrl, config: await config }));
    return;
  }
  if (!route.secret) {
    show(notice(serverUrl, 'ERR_BAD_LINK', [homeButton()]));
    return;
  }
  await enterRoom(serverUrl, route.roomId, route.secret, config);
}

/**
 * A notice screen with a "?" link to the troubleshooting page of the manual.
 * @param {string} serverUrl
 * @param {string} code
 * @param {Array<HTMLElement|false|null>} [actions]
 * @param {string} [detail]
 */
function notice(serverUrl, code, actions = [], detail) {
  return noticeCard(code, [...actions, helpLink(serverUrl, 'notice')], detail);
}

function homeButton() {
  return isExtension() ? null : h('a.btn', { href: '/app/' }, t('notice.startNew'));
}

/**
 * @param {string} serverUrl
 * @param {string} roomId
 * @param {string} secret
 * @param {Promise<import('../shared/links.js').ClientConfig|null>} config
 */
async function enterRoom(serverUrl, roomId, secret, config) {
  /** @type {{error?: string, name?: string}} */
  let info;
  try {
    info = await fetchRoomInfo(serverUrl, roomId, secret);
  } catch {
    show(
      notice(serverUrl, 'ERR_SERVER_UNREACHABLE', [
        h(
          'button.btn.primary',
          { type: 'button', onclick: () => enterRoom(serverUrl, roomId, secret, config) },
          t('notice.tryAgain'),
        ),
      ]),
    );
    return;
  }
  if (info.error === 'wrong-secret')
    return show(notice(serverUrl, 'ERR_WRONG_SECRET', [homeButton()]));
  if (info.error === 'room-not-found')
    return show(notice(serverUrl, 'ERR_ROOM_NOT_FOUND', [homeButton()]));
  document.title = t('room.pageTitle', { name: info.name || t('room.defaultName') });

  let seat = null;
  try {
    seat = sessionStorage.getItem(`tfx.seat.${roomId}`);
  } catch {
    /* no storage */
  }
  if (seat) {
    // A reload inside the call: take the seat back at once, with the last choices.
    const p = prefs.load();
    const { stream } = await captureMedia({ audioId: p.audioId, videoId: p.videoId });
    join({
      serverUrl,
      roomId,
      secret,
      config: await config,
      name: p.name || t('prejoin.guest'),
      stream,
      micOn: p.micOn !== false,
      camOn: p.camOn !== false,
    });
    return;
  }
  const limits = await config;
  const pj = prejoin({
    serverUrl,
    roomName: info.name ?? '',
    inviteUrl: inviteUrl(serverUrl, roomId, secret),
    onJoin: (choice) => join({ serverUrl, roomId, secret, config: limits, ...choice }),
  });
  show(pj.el, pj.dispose);
}

/**
 * @param {{serverUrl: string, roomId: string, secret: string, config: import('../shared/links.js').ClientConfig|null, name: string, stream: MediaStream|null, micOn: boolean, camOn: boolean}} o
 */
function join(o) {
  show(
    h(
      'main.screen.center',
      { dataset: { screen: 'joining' } },
      h('div.spinner'),
      h('p.muted', null, t('notice.joining')),
    ),
  );
  // The widget catalogue loads while we join, so that widgets are ready when we are in.
  const catalog = loadCatalog(
    o.serverUrl,
    isExtension() ? { extensionUrl: (p) => chrome.runtime.getURL(p) } : {},
  );
  catalog.catch(() => {});
  const session = TfxSession.join(o.serverUrl, o.roomId, o.secret, {
    name: o.name,
    media: o.stream,
    ownerToken: ownerTokens.get(o.roomId),
  });
  handle.session = session;
  if (o.stream) {
    o.stream.getAudioTracks().forEach((t) => (t.enabled = o.micOn));
    o.stream.getVideoTracks().forEach((t) => (t.enabled = o.camOn));
    session.muted = !o.micOn;
    session.videoOn = o.camOn && o.stream.getVideoTracks().length > 0;
  }
  let inRoom = false;
  const leftScreen = () => {
    stopStream(o.stream);
    show(
      notice(o.serverUrl, 'LEFT', [
        h(
          'button.btn.primary',
          { type: 'button', id: 'rejoin', onclick: () => location.reload() },
          t('notice.rejoin'),
        ),
        homeButton(),
      ]),
    );
  };

  session.on('joined', () => {
    if (inRoom) return;
    inRoom = true;
    // Tell the server our starting state (it assumes unmuted, camera on).
    if (session.muted) session.setMuted(true);
    if (!session.videoOn) session.setVideoEnabled(false);
    const view = roomView({
      serverUrl: o.serverUrl,
      session,
      roomId: o.roomId,
      secret: o.secret,
      catalog,
      inviteUrl: inviteUrl(o.serverUrl, o.roomId, o.secret),
      config: o.config,
      micOn: o.micOn,
      camOn: o.camOn,
      onLeave: leftScreen,
    });
    show(view.el, view.dispose);
    handle.screen = 'room';
  });

  session.on('error', (/** @type {import('../../lib/sdk/errors.js').TfxError} */ err) => {
    if (err.code === 'ERR_ROOM_LOCKED' && !inRoom) {
      const knock = h(
        'button.btn.primary',
        {
          type: 'button',
          id: 'knock',
          onclick: () => {
            session.knock();
            knock.setAttribute('disabled', '');
            knock.textContent = t('notice.waitingForHost');
          },
        },
        t('notice.knock'),
      );
      show(notice(o.serverUrl, err.code, [knock, homeButton()]));
    } else if (
      (err.code === 'ERR_PASSWORD_REQUIRED' || err.code === 'ERR_WRONG_PASSWORD') &&
      !inRoom
    ) {
      show(passwordForm(err.code === 'ERR_WRONG_PASSWORD', (pw) => session.submitPassword(pw)));
    } else if (err.fatal) {
      stopStream(o.stream);
      show(notice(o.serverUrl, err.code, [homeButton()], err.message));
    } else if (err.code === 'ERR_SERVER_UNREACHABLE' && !inRoom) {
      show(
        notice(o.serverUrl, err.code, [
          h('button.btn', { type: 'button', onclick: () => location.reload() }, t('notice.reload')),
        ]),
      );
    } else {
      console.warn('tfx:', err.code, err.message);
    }
  });
}

/**
 * @param {boolean} wrong
 * @param {(pw: string) => void} submit
 */
function passwordForm(wrong, submit) {
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', id: 'room-password', autocomplete: 'current-password' })
  );
  return h(
    'main.screen.center',
    { dataset: { screen: 'password' } },
    h(
      'form.card.stack.notice',
      { onsubmit: (/** @type {Event} */ e) => (e.preventDefault(), submit(input.value)) },
      h('h1', null, t('password.title')),
      wrong ? h('p.form-error', null, t('password.wrong')) : h('p.muted', null, t('password.ask')),
      h('label', { for: 'room-password' }, t('landing.password')),
      input,
      h('button.btn.primary', { type: 'submit' }, t('landing.join')),
    ),
  );
}

main().catch((err) => {
  console.error(err);
  show(noticeCard('ERR_INTERNAL', [], String(err)));
});
