// @ts-check
/**
 * Phone: a SIP phone for the participant, beside the meeting. Sign in with a SIP account of this
 * server, call a user (or user@host), take incoming calls (a notice, the pane opens, a ring).
 * The call has its own connection and audio element: the room hears nothing of it.
 */
import { h, replace } from '../../ui/widgets/kit.js';
import { SipPhone } from './sip-phone.js';
import { Ringer } from './ringer.js';
import { accountName, causeKey, duration, targetUri, webSocketUrl } from './dial.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const t = localize(messages);

/** @param {any} ctx */
export function mount(ctx) {
  const server = ctx.server ?? location.origin;
  const root = h('div.phone');
  const audio = /** @type {HTMLAudioElement} */ (h('audio', { autoplay: true }));
  const status = h('p.phone-status', { role: 'status', 'aria-live': 'polite' });
  const body = h('div.phone-body');
  root.append(status, body, audio);
  replace(ctx.container, root);

  const ringer = new Ringer();
  /** @type {SipPhone|null} */
  let phone = null;
  let domain = new URL(server).hostname;
  let user = '';
  let peer = '';
  let since = 0;
  /** @type {ReturnType<typeof setInterval>|undefined} */
  let tick;

  ctx.api('/api/sip').then(
    async (/** @type {Response} */ r) => {
      if (r.ok) domain = (await r.json()).domain || domain;
    },
    () => {},
  );

  const say = (/** @type {string} */ text) => (status.textContent = text);

  function signedOut(message = '') {
    say(message || t('signInHint'));
    const name = h('input', {
      id: 'phone-user',
      name: 'user',
      autocomplete: 'username',
      value: ctx.storage?.get('user') ?? '',
      required: true,
    });
    const pass = h('input', {
      id: 'phone-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const form = h(
      'form.phone-form',
      { onsubmit: (/** @type {Event} */ e) => (e.preventDefault(), signIn(name, pass)) },
      h('label', { for: 'phone-user' }, t('user')),
      name,
      h('label', { for: 'phone-password' }, t('password')),
      pass,
      h('button', { type: 'submit' }, t('signIn')),
    );
    replace(body, form);
  }

  /** @param {HTMLElement} name @param {HTMLElement} pass */
  function signIn(name, pass) {
    const u = accountName(/** @type {HTMLInputElement} */ (name).value);
    if (!u) return say(t('badUser'));
    user = u;
    ctx.storage?.set('user', u);
    say(t('signingIn'));
    phone = new SipPhone({
      wsUrl: webSocketUrl(server),
      user: u,
      password: /** @type {HTMLInputElement} */ (pass).value,
      domain,
      displayName: ctx.self.name,
      iceServers: ctx.rtc
        .iceServers()
        .filter((/** @type {RTCIceServer} */ s) => String(s.urls).startsWith('stun:')),
    });
    wire(phone);
    phone.start();
  }

  /** @param {SipPhone} p */
  function wire(p) {
    p.addEventListener('registered', () => phone === p && !p.busy && ready());
    p.addEventListener('failed', (e) => {
      if (phone !== p) return;
      const d = /** @type {CustomEvent} */ (e).detail;
      p.stop();
      phone = null;
      signedOut(
        t('notSignedIn', { reason: `${t(causeKey(d.cause))}${d.status ? ` (${d.status})` : ''}` }),
      );
    });
    p.addEventListener('incoming', (e) => {
      const d = /** @type {CustomEvent} */ (e).detail;
      peer = d.name;
      ringer.start();
      ctx.ui.notify(t('calling', { name: d.name }));
      ctx.ui.setBadge(1);
      ctx.ui.open();
      incoming();
    });
    p.addEventListener('progress', () => say(t('ringing', { name: peer })));
    p.addEventListener('answered', () => inCall());
    p.addEventListener('track', (e) => {
      audio.srcObject = /** @type {CustomEvent} */ (e).detail.stream;
      audio.play().catch(() => {});
    });
    p.addEventListener('ended', (e) => {
      ringer.stop();
      ctx.ui.setBadge(null);
      clearInterval(tick);
      audio.srcObject = null;
      ready(t(causeKey(/** @type {CustomEvent} */ (e).detail.cause)));
    });
  }

  function ready(message = '') {
    say(
      message
        ? t('signedInWhy', { reason: message, user })
        : t('signedIn', { user: `${user}@${domain}` }),
    );
    const target = h('input', {
      id: 'phone-target',
      name: 'target',
      placeholder: t('target'),
      autocomplete: 'off',
      required: true,
    });
    replace(
      body,
      h(
        'form.phone-form',
        { onsubmit: (/** @type {Event} */ e) => (e.preventDefault(), dial(target)) },
        h('label', { for: 'phone-target' }, t('call')),
        target,
        h('button', { type: 'submit' }, t('call')),
      ),
      h('button.quiet.phone-signout', { type: 'button', onclick: signOut }, t('signOut')),
    );
  }

  /** @param {HTMLElement} target */
  function dial(target) {
    const uri = targetUri(/** @type {HTMLInputElement} */ (target).value, domain);
    if (!uri || !phone) return say(t('badTarget'));
    peer = uri.slice(4);
    say(t('callingOut', { name: peer }));
    replace(body, hangupButton());
    phone.call(uri);
  }

  function incoming() {
    say(t('isCalling', { name: peer }));
    replace(
      body,
      h(
        'div.phone-actions',
        null,
        h(
          'button.answer',
          { type: 'button', onclick: () => (ringer.stop(), phone?.answer()) },
          t('answer'),
        ),
        h('button.danger', { type: 'button', onclick: () => phone?.hangup() }, t('decline')),
      ),
    );
  }

  function inCall() {
    ringer.stop();
    ctx.ui.setBadge(null);
    since = Date.now();
    let muted = false;
    const show = () =>
      say(t('inCall', { name: peer, time: duration((Date.now() - since) / 1000) }));
    show();
    tick = setInterval(show, 1000);
    const mute = h(
      'button.quiet',
      {
        type: 'button',
        'aria-pressed': 'false',
        onclick: () => {
          muted = !muted;
          phone?.mute(muted);
          mute.textContent = muted ? t('unmute') : t('mute');
          mute.setAttribute('aria-pressed', String(muted));
        },
      },
      t('mute'),
    );
    replace(body, h('div.phone-actions', null, mute, hangupButton()));
  }

  function hangupButton() {
    return h('button.danger', { type: 'button', onclick: () => phone?.hangup() }, t('hangUp'));
  }

  function signOut() {
    phone?.stop();
    phone = null;
    signedOut(t('signedOut'));
  }

  signedOut();
  return () => {
    clearInterval(tick);
    ringer.stop();
    phone?.stop();
  };
}
