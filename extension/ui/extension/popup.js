// @ts-check
/** The toolbar popup: start a meeting or join one by link; the room opens in a tab or the side panel. */
import { h, replace } from '../shared/dom.js';
import { extensionServerUrl } from '../shared/env.js';
import { createRoom, ownerTokens, parseInviteLink } from '../shared/links.js';
import { ensureHostAccess } from './host-access.js';
import { roomContexts } from '../../background/present-tab.js';
import { t, markDocumentLanguage } from '../i18n/i18n.js';

markDocumentLanguage();

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

const PRESENT_ERRORS = new Set(['no-room', 'not-in-room', 'same-tab', 'capture']);

/**
 * "Present this tab": shown when a meeting is open in another tab or the side panel.
 * @param {HTMLElement} status where errors go
 * @returns {Promise<HTMLElement|null>}
 */
async function presentSection(status) {
  try {
    const rooms = await roomContexts();
    if (rooms.length === 0) return null;
    const [active] = await chrome.tabs.query({ active: true, currentWindow: true });
    if (active?.id === undefined || rooms.some((r) => r.tabId === active.id)) return null;
    const tabId = active.id;
    const btn = h(
      'button.btn.primary',
      {
        type: 'button',
        id: 'popup-present',
        onclick: async () => {
          btn.setAttribute('disabled', '');
          status.textContent = '';
          const r = await chrome.runtime
            .sendMessage({ target: 'background', type: 'present-tab', data: { tabId } })
            .catch(() => null);
          if (r?.ok) {
            window.close();
            return;
          }
          status.textContent = PRESENT_ERRORS.has(r?.error)
            ? t(`popup.present.${r.error}`)
            : t('popup.presentFailed');
          btn.removeAttribute('disabled');
        },
      },
      t('popup.present'),
    );
    return h(
      'section.stack.popup-present',
      null,
      h('p.small.muted', null, t('popup.presentHint')),
      btn,
    );
  } catch {
    return null;
  }
}

async function main() {
  const serverUrl = await extensionServerUrl();
  const status = h('p.form-error', { role: 'alert', id: 'popup-status' });
  const name = /** @type {HTMLInputElement} */ (
    h('input', { id: 'popup-room-name', placeholder: t('landing.nameLabel'), maxlength: 64 })
  );
  const link = /** @type {HTMLInputElement} */ (
    h('input', { id: 'popup-link', placeholder: t('landing.linkPlaceholder'), spellcheck: 'false' })
  );
  const panel = /** @type {HTMLInputElement} */ (
    h('input', { type: 'checkbox', id: 'popup-panel' })
  );
  const createBtn = h(
    'button.btn.primary',
    { type: 'submit', id: 'popup-create' },
    t('landing.start'),
  );

  const present = await presentSection(status);
  replace(
    root,
    h(
      'header.popup-head',
      null,
      h('div.logo', { translate: 'no' }, h('span.logo-mark'), 'TFX Sessions'),
    ),
    present,
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
                ? t('popup.unreachable', { server: serverUrl })
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
            status.textContent = t('popup.badLink');
            return;
          }
          openRoom(p.roomId, p.secret, panel.checked);
        },
      },
      link,
      h('button.btn', { type: 'submit', id: 'popup-join' }, t('landing.join')),
    ),
    h('label.check', null, panel, t('popup.sidePanel')),
    status,
    h(
      'footer.popup-foot',
      null,
      h('span.muted.small', { title: serverUrl }, new URL(serverUrl).host),
      h(
        'a',
        { href: `${serverUrl}/manual/user/`, target: '_blank', rel: 'noopener' },
        t('popup.manual'),
      ),
      h('a', { href: 'options.html', target: '_blank' }, t('popup.options')),
    ),
  );
}

main();
