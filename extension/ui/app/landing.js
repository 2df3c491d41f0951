// @ts-check
import { h } from '../shared/dom.js';
import { createRoom, ownerTokens, parseInviteLink, prefs } from '../shared/links.js';

/**
 * Start a meeting or join one by link.
 * @param {{serverUrl: string, open: (roomId: string, secret: string) => void, manualUrl: string}} ctx
 */
export function landing(ctx) {
  const status = h('p.form-error', { role: 'alert' });
  const name = h('input', {
    id: 'room-name',
    name: 'room-name',
    placeholder: 'e.g. Weekly sync',
    maxlength: 64,
    autocomplete: 'off',
  });
  const capacity = h('input', {
    id: 'capacity',
    type: 'number',
    min: 2,
    max: 50,
    placeholder: '8',
  });
  const password = h('input', {
    id: 'password',
    type: 'password',
    placeholder: 'none',
    autocomplete: 'new-password',
  });
  const createBtn = h(
    'button.btn.primary.big',
    { type: 'submit', id: 'create-room' },
    'Start a meeting',
  );

  const createForm = h(
    'form.card.stack',
    {
      onsubmit: async (/** @type {Event} */ e) => {
        e.preventDefault();
        createBtn.setAttribute('disabled', '');
        status.textContent = '';
        /** @type {any} */
        const body = {};
        const n = /** @type {HTMLInputElement} */ (name).value.trim();
        if (n) body.name = n;
        const c = parseInt(/** @type {HTMLInputElement} */ (capacity).value, 10);
        if (Number.isInteger(c)) body.capacity = c;
        const p = /** @type {HTMLInputElement} */ (password).value;
        if (p) body.password = p;
        try {
          const room = await createRoom(ctx.serverUrl, body);
          ownerTokens.set(room.roomId, room.ownerToken);
          ctx.open(room.roomId, room.secret);
        } catch (err) {
          status.textContent =
            /** @type {any} */ (err).code === 'ERR_SERVER_UNREACHABLE'
              ? 'Cannot reach the server. Check your connection and try again.'
              : `Could not create the meeting: ${/** @type {any} */ (err).message}`;
          createBtn.removeAttribute('disabled');
        }
      },
    },
    h('h2', null, 'New meeting'),
    h('p.muted', null, 'No account, no install. Share the link and talk.'),
    h('label', { for: 'room-name' }, 'Meeting name (optional)'),
    name,
    h(
      'details.more',
      null,
      h('summary', null, 'Options'),
      h(
        'div.row2',
        null,
        h('div.stack', null, h('label', { for: 'capacity' }, 'Max. people'), capacity),
        h('div.stack', null, h('label', { for: 'password' }, 'Password'), password),
      ),
    ),
    status,
    createBtn,
  );

  const link = h('input', {
    id: 'join-link',
    placeholder: 'Paste an invite link',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const joinStatus = h('p.form-error', { role: 'alert' });
  const joinForm = h(
    'form.card.stack',
    {
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        const parsed = parseInviteLink(/** @type {HTMLInputElement} */ (link).value);
        if (!parsed) {
          joinStatus.textContent = 'That does not look like an invite link (…/r/ROOM#SECRET).';
          return;
        }
        ctx.open(parsed.roomId, parsed.secret);
      },
    },
    h('h2', null, 'Join a meeting'),
    h('p.muted', null, 'Got a link? Paste it here.'),
    h('label', { for: 'join-link' }, 'Invite link'),
    link,
    joinStatus,
    h('button.btn.big', { type: 'submit', id: 'join-by-link' }, 'Join'),
  );

  const who = prefs.load().name;
  return h(
    'section.screen.landing',
    { dataset: { screen: 'landing' } },
    h(
      'header.hero',
      null,
      h('div.logo', null, h('span.logo-mark'), 'TFX Sessions'),
      h('h1', null, 'Meetings that start with a link.'),
      h(
        'p.lead',
        null,
        who
          ? `Welcome back, ${who}.`
          : 'Audio, video and widgets, right in your browser. Peer to peer, no sign-in.',
      ),
    ),
    h('div.cards', null, createForm, joinForm),
    h(
      'footer.foot',
      null,
      h('a', { href: ctx.manualUrl, target: '_blank', rel: 'noopener' }, 'User manual'),
    ),
  );
}
