// @ts-check
import { h } from '../shared/dom.js';
import { t } from '../i18n/i18n.js';

/**
 * The invite link with a "Copy invite link" button: on the pre-join screen (so the host can
 * pass it on before joining) and behind the call bar's Invite button. The link is shown too,
 * selectable, for browsers that refuse the clipboard.
 * @param {string} url
 * @param {string} id the id of the link field; the button is `${id}-copy`
 */
export function inviteCopier(url, id) {
  const field = /** @type {HTMLInputElement} */ (
    h('input.invite-url', {
      id,
      readOnly: true,
      value: url,
      translate: 'no',
      spellcheck: 'false',
      onfocus: () => field.select(),
    })
  );
  const status = h('p.invite-status.small', { role: 'status' });
  const button = h(
    'button.btn.invite-copy',
    {
      type: 'button',
      id: `${id}-copy`,
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(url);
          status.textContent = t('invite.copied');
        } catch {
          field.focus();
          field.select();
          status.textContent = t('invite.copyByHand');
        }
      },
    },
    t('invite.copy'),
  );
  const el = h(
    'div.invite.stack',
    null,
    h('label', { for: id }, t('invite.label')),
    h('p.hint', null, t('invite.hint')),
    h('div.invite-row', null, field, button),
    status,
  );
  return { el, button, field, status };
}
