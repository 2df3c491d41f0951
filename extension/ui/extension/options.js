// @ts-check
/** Options: which TFX Sessions server this extension uses. */
import { h, replace } from '../shared/dom.js';
import { bundledServerUrl, extensionServerUrl } from '../shared/env.js';
import { originPattern } from './host-access.js';
import { t, markDocumentLanguage } from '../i18n/i18n.js';

markDocumentLanguage();

const root = /** @type {HTMLElement} */ (document.getElementById('options'));

async function main() {
  const current = await extensionServerUrl();
  const fallback = await bundledServerUrl();
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'server-url',
      type: 'url',
      value: current,
      placeholder: fallback,
      required: true,
    })
  );
  const status = h('p.muted', { role: 'status', id: 'options-status' });
  replace(
    root,
    h('div.logo', null, h('span.logo-mark'), t('options.title')),
    h(
      'form.card.stack',
      {
        onsubmit: async (/** @type {Event} */ e) => {
          e.preventDefault();
          let url;
          try {
            url = new URL(input.value.trim());
            if (!/^https?:$/.test(url.protocol)) throw new Error();
          } catch {
            status.textContent = t('options.invalid');
            return;
          }
          const value = url.origin + url.pathname.replace(/\/+$/, '');
          // Asking here, on a click, is the one moment Chrome lets us; declining is fine when
          // the server allows the extension by CORS.
          chrome.permissions.request({ origins: [originPattern(value)] }).catch(() => false);
          await chrome.storage.local.set({ serverUrl: value });
          status.textContent = t('options.saved', { server: value });
        },
      },
      h('label', { for: 'server-url' }, t('options.server')),
      input,
      h('p.muted.small', null, t('options.default', { server: fallback })),
      h(
        'div.actions.left',
        null,
        h('button.btn.primary', { type: 'submit', id: 'save' }, t('options.save')),
        h(
          'button.btn',
          {
            type: 'button',
            id: 'reset',
            onclick: async () => {
              await chrome.storage.local.remove('serverUrl');
              /** @type {HTMLInputElement} */ (input).value = fallback;
              status.textContent = t('options.resetDone');
            },
          },
          t('options.reset'),
        ),
      ),
      status,
    ),
    h(
      'p.small',
      null,
      h(
        'a',
        { href: `${current}/manual/user/`, target: '_blank', rel: 'noopener' },
        t('landing.manual'),
      ),
    ),
  );
}

main();
