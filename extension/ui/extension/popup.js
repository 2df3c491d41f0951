// @ts-check
/** The toolbar popup: start a meeting or join one by link; the room opens in a tab or the side panel. */
import { h, replace } from '../shared/dom.js';
import { extensionServerUrl } from '../shared/env.js';
import { createRoom, ownerTokens, parseInviteLink } from '../shared/links.js';
import { ensureHostAccess } from './host-access.js';

const root = /** @type {HTMLElement} */ (document.getElementById('popup'));

/**
 * @param {string} roomId
 * @param {string} secret
 * @param {boolean} inPanel
 */
async function openRoom(roomId, secret, inPanel) {
  const path = `room.html?room=${encodeURIComponent(roomId)}#${encodeURIComponent(secret)}`;
  if (inPanel) {
    try {
      const win = await chrome.windows.getCurrent();
      await chrome.sidePanel.setOptions({ path, enabled: true });
      await chrome.sidePanel.open({ windowId: /** @type {number} */ (win.id) });
      window.close();
      return;
    } catch {
      /* no user gesture left or no panel support: use a tab */
    }
  }
  await chrome.runtime.sendMessage({ target: 'background', type: 'open-room', data: { path } });
  window.close();
}

async function main() {
  const serverUrl = await extensionServerUrl();
  const status = h('p.form-error', { role: 'alert', id: 'popup-status' });
  const name = /** @type {HTMLInputElement} */ (
    h('input', { id: 'popup-room-name', placeholder: 'Meeting name (optional)', maxlength: 64 })
  );
  const link = /** @type {HTMLInputElement} */ (
    h('input', { id: 'popup-link', placeholder: 'Paste an invite link', spellcheck: 'false' })
  );
  const panel = /** @type {HTMLInputElement} */ (
    h('input', { type: 'checkbox', id: 'popup-panel' })
  );
  const createBtn = h(
    'button.btn.primary',
    { type: 'submit', id: 'popup-create' },
    'Start a meeting',
  );

  replace(
    root,
    h('header.popup-head', null, h('div.logo', null, h('span.logo-mark'), 'TFX Sessions')),
    h(
      'form.stack',
      {
        onsubmit: async (/** @type {Event} */ e) => {
          e.preventDefault();
          createBtn.setAttribute('disabled', '');
          status.textContent = '';
          try {
            const room = await ensureHostAccess(serverUrl, () =>
              createRoom(serverUrl, name.value.trim() ? { name: name.value.trim() } : {}),
            );
            ownerTokens.set(room.roomId, room.ownerToken);
            await openRoom(room.roomId, room.secret, panel.checked);
          } catch (err) {
            status.textContent =
              /** @type {any} */ (err).code === 'ERR_SERVER_UNREACHABLE'
                ? `Cannot reach ${serverUrl}. Check the server in Options.`
                : String(/** @type {any} */ (err).message);
            createBtn.removeAttribute('disabled');
          }
        },
      },
      name,
      createBtn,
    ),
    h(
      'form.stack',
      {
        onsubmit: (/** @type {Event} */ e) => {
          e.preventDefault();
          const p = parseInviteLink(link.value);
          if (!p) {
            status.textContent = 'That does not look like an invite link.';
            return;
          }
          openRoom(p.roomId, p.secret, panel.checked);
        },
      },
      link,
      h('button.btn', { type: 'submit', id: 'popup-join' }, 'Join'),
    ),
    h('label.check', null, panel, 'Open in the side panel'),
    status,
    h(
      'footer.popup-foot',
      null,
      h('span.muted.small', { title: serverUrl }, new URL(serverUrl).host),
      h('a', { href: `${serverUrl}/manual/user/`, target: '_blank', rel: 'noopener' }, 'Manual'),
      h('a', { href: 'options.html', target: '_blank' }, 'Options'),
    ),
  );
}

main();
