// @ts-check
import { h } from '../shared/dom.js';
import { createRoom, ownerTokens, parseInviteLink, prefs } from '../shared/links.js';
import { t } from '../i18n/i18n.js';

/**
 * Start a meeting or join one by link.
 * @param {{serverUrl: string, open: (roomId: string, secret: string) => void, manualUrl: string, config: import('../shared/links.js').ClientConfig|null}} ctx
 */
export function landing(ctx) {
  const status = h('p.form-error', { role: 'alert' });
  const name = h('input', {
    id: 'room-name',
    name: 'room-name',
    placeholder: t('landing.namePlaceholder'),
    maxlength: 64,
    autocomplete: 'off',
  });
  // The sizes the server gives and accepts (GET /api/client-config), never numbers of our own.
  const limits = ctx.config;
  const capacity = h('input', {
    id: 'capacity',
    type: 'number',
    min: limits?.minCapacity,
    max: limits?.maxCapacity,
    placeholder: limits ? String(limits.defaultCapacity) : '',
    'aria-describedby': limits ? 'capacity-hint' : undefined,
  });
  const password = h('input', {
    id: 'password',
    type: 'password',
    placeholder: t('landing.passwordNone'),
    autocomplete: 'new-password',
  });
  const createBtn = h(
    'button.btn.primary.big',
    { type: 'submit', id: 'create-room' },
    t('landing.start'),
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
              ? t('landing.unreachable')
              : t('landing.createFailed', { reason: /** @type {any} */ (err).message });
          createBtn.removeAttribute('disabled');
        }
      },
    },
    h('h2', null, t('landing.newMeeting')),
    h('p.muted', null, t('landing.newMeetingLead')),
    h('label', { for: 'room-name' }, t('landing.nameLabel')),
    name,
    h(
      'details.more',
      null,
      h('summary', null, t('landing.options')),
      h(
        'div.row2',
        null,
        h(
          'div.stack',
          null,
          h('label', { for: 'capacity' }, t('landing.capacity')),
          capacity,
          limits
            ? h(
                'p.hint',
                { id: 'capacity-hint' },
                t('landing.capacityHint', {
                  def: limits.defaultCapacity,
                  min: limits.minCapacity,
                  max: limits.maxCapacity,
                }),
              )
            : null,
        ),
        h('div.stack', null, h('label', { for: 'password' }, t('landing.password')), password),
      ),
    ),
    status,
    createBtn,
  );

  const link = h('input', {
    id: 'join-link',
    placeholder: t('landing.linkPlaceholder'),
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
          joinStatus.textContent = t('landing.badLink');
          return;
        }
        ctx.open(parsed.roomId, parsed.secret);
      },
    },
    h('h2', null, t('landing.joinMeeting')),
    h('p.muted', null, t('landing.joinLead')),
    h('label', { for: 'join-link' }, t('landing.linkLabel')),
    link,
    joinStatus,
    h('button.btn.big', { type: 'submit', id: 'join-by-link' }, t('landing.join')),
  );

  document.title = t('landing.pageTitle');
  const who = prefs.load().name;
  return h(
    'main.screen.landing',
    { dataset: { screen: 'landing' } },
    h(
      'header.hero',
      null,
      h('div.logo', { translate: 'no' }, h('span.logo-mark'), 'TFX Sessions'),
      h('h1', null, t('landing.title')),
      h('p.lead', null, who ? t('landing.welcomeBack', { name: who }) : t('landing.lead')),
    ),
    h('div.cards', null, createForm, joinForm),
    h(
      'footer.foot',
      null,
      h('a', { href: ctx.manualUrl, target: '_blank', rel: 'noopener' }, t('landing.manual')),
    ),
  );
}
