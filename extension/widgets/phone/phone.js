// @ts-check
/**
 * Phone: a SIP phone for the participant, beside the meeting. Sign in with a SIP account of this
 * server, call a user (or user@host), take incoming calls (a notice, the pane opens, a ring).
 * The call has its own connection and audio element: the room hears nothing of it.
 */
import { h, replace } from '../../ui/widgets/kit.js';
import { SipPhone } from './sip-phone.js';
import { Ringer } from './ringer.js';
import { accountName, causeText, duration, targetUri, webSocketUrl } from './dial.js';

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
    say(message || 'Sign in with your SIP account to call phones.');
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
      h('label', { for: 'phone-user' }, 'SIP user'),
      name,
      h('label', { for: 'phone-password' }, 'Password'),
      pass,
      h('button', { type: 'submit' }, 'Sign in'),
    );
    replace(body, form);
  }

  /** @param {HTMLElement} name @param {HTMLElement} pass */
  function signIn(name, pass) {
    const u = accountName(/** @type {HTMLInputElement} */ (name).value);
    if (!u) return say('User names are lower-case letters, digits, dots, dashes.');
    user = u;
    ctx.storage?.set('user', u);
    say('Signing in…');
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
      signedOut(`Not signed in: ${causeText(d.cause)}${d.status ? ` (${d.status})` : ''}.`);
    });
    p.addEventListener('incoming', (e) => {
      const d = /** @type {CustomEvent} */ (e).detail;
      peer = d.name;
      ringer.start();
      ctx.ui.notify(`Phone: ${d.name} is calling`);
      ctx.ui.setBadge(1);
      ctx.ui.open();
      incoming();
    });
    p.addEventListener('progress', () => say(`Ringing ${peer}…`));
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
      ready(causeText(/** @type {CustomEvent} */ (e).detail.cause));
    });
  }

  function ready(message = '') {
    say(message ? `${message}. Signed in as ${user}.` : `Signed in as ${user}@${domain}.`);
    const target = h('input', {
      id: 'phone-target',
      name: 'target',
      placeholder: 'user or user@host',
      autocomplete: 'off',
      required: true,
    });
    replace(
      body,
      h(
        'form.phone-form',
        { onsubmit: (/** @type {Event} */ e) => (e.preventDefault(), dial(target)) },
        h('label', { for: 'phone-target' }, 'Call'),
        target,
        h('button', { type: 'submit' }, 'Call'),
      ),
      h('button.quiet.phone-signout', { type: 'button', onclick: signOut }, 'Sign out'),
    );
  }

  /** @param {HTMLElement} target */
  function dial(target) {
    const uri = targetUri(/** @type {HTMLInputElement} */ (target).value, domain);
    if (!uri || !phone) return say('Type a user name, or user@host.');
    peer = uri.slice(4);
    say(`Calling ${peer}…`);
    replace(body, hangupButton());
    phone.call(uri);
  }

  function incoming() {
    say(`${peer} is calling`);
    replace(
      body,
      h(
        'div.phone-actions',
        null,
        h(
          'button.answer',
          { type: 'button', onclick: () => (ringer.stop(), phone?.answer()) },
          'Answer',
        ),
        h('button.danger', { type: 'button', onclick: () => phone?.hangup() }, 'Decline'),
      ),
    );
  }

  function inCall() {
    ringer.stop();
    ctx.ui.setBadge(null);
    since = Date.now();
    let muted = false;
    const show = () => say(`In call with ${peer} · ${duration((Date.now() - since) / 1000)}`);
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
          mute.textContent = muted ? 'Unmute' : 'Mute';
          mute.setAttribute('aria-pressed', String(muted));
        },
      },
      'Mute',
    );
    replace(body, h('div.phone-actions', null, mute, hangupButton()));
  }

  function hangupButton() {
    return h('button.danger', { type: 'button', onclick: () => phone?.hangup() }, 'Hang up');
  }

  function signOut() {
    phone?.stop();
    phone = null;
    signedOut('Signed out.');
  }

  signedOut();
  return () => {
    clearInterval(tick);
    ringer.stop();
    phone?.stop();
  };
}
