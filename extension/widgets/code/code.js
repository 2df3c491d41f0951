// @ts-check
/**
 * Code: one shared file that everyone in the room edits at once. The text is the Y.Text "code"
 * of the widget's own state document (`ctx.state.doc`), so it syncs, catches up and survives a
 * reload like the rest of ctx.state; the others' cursors travel in the widget's awareness
 * (`ctx.presence.awareness`); the language is a key in ctx.state. The editor itself (CodeMirror
 * 6, the biggest part) loads the first time the widget is shown; the document syncs from the
 * start, so that the file is complete and current whenever it is opened. Formats: README.md in
 * this folder.
 */
import { h, pathIcon, replace, initials } from '../../ui/widgets/kit.js';
import { LIVE } from '../../lib/sdk/shared-state.js';
import { LANGUAGES, isLanguage, languageById } from './languages.js';
import { colourOf } from './colours.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

/** ctx.state key of the room's language. */
const LANG_KEY = 'lang';
const NOTICE_MS = 4000;
const DOWNLOAD_ICON = 'M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z';

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);

  // ---- the document: synced, caught up and saved with the rest of ctx.state ----
  /** @type {import('yjs').Doc} */
  const doc = ctx.state.doc;
  const ytext = doc.getText('code');
  const awareness = ctx.presence.awareness;
  const onDocUpdate = (/** @type {Uint8Array} */ _u, /** @type {unknown} */ origin) => {
    // Only live edits are news: what the room had before we came (catch-up) is not.
    if (origin === LIVE && !ctx.visible) ctx.ui.setBadge('•');
  };
  doc.on('update', onDocUpdate);

  // ---- UI ----
  const picker = /** @type {HTMLSelectElement} */ (
    h(
      'select.code-lang',
      {
        'aria-label': tr('language'),
        title: tr('languageTitle'),
        onchange: () => {
          if (isLanguage(picker.value)) ctx.state.set(LANG_KEY, picker.value);
        },
      },
      LANGUAGES.map((l) => h('option', { value: l.id }, languageName(l))),
    )
  );
  const people = h('div.code-people', { role: 'group', 'aria-label': tr('editingNow') });
  const download = h(
    'button.code-download',
    { type: 'button', title: tr('downloadTitle'), onclick: () => downloadFile() },
    pathIcon(DOWNLOAD_ICON, 'code-icon'),
    h('span', null, tr('download')),
  );
  const host = h('div.code-editor', null, h('p.code-loading.muted', null, tr('loading')));
  const position = h('span.code-pos');
  const notice = h('span.code-notice', { 'aria-live': 'polite' });
  const status = h('div.code-status.muted.small', null, position, notice);
  replace(
    root,
    h(
      'div.code',
      null,
      h('div.code-bar', null, picker, people, h('div.grow'), download),
      host,
      status,
    ),
  );

  /** @type {import('./editor.js').Editor|null} */
  let editor = null;
  /** @type {Promise<void>|null} */
  let loading = null;
  let closed = false;

  function ensureEditor() {
    loading ??= import('./editor.js').then(
      (m) => {
        if (closed) return;
        replace(host);
        editor = m.createEditor({
          parent: host,
          ytext,
          awareness,
          describe: (clientId) => {
            const peerId = ctx.presence.peerOf(clientId);
            const peer = peerId ? ctx.peer(peerId) : undefined;
            return peer ? { name: peer.name, colour: colourOf(peer.peerId) } : null;
          },
          onCursor: (p) => {
            position.textContent = tr('position', { line: p.line, col: p.col, n: p.lines });
          },
          notify: (text) => ctx.ui.notify(text),
        });
        const lines = editor.view.state.doc.lines;
        position.textContent = tr('position', { line: 1, col: 1, n: lines });
        void editor.setLanguage(currentLanguage().id);
      },
      (err) => {
        loading = null;
        replace(
          host,
          h('p.widget-error', null, tr('loadFailed', { reason: String(err?.message ?? err) })),
        );
      },
    );
    return loading;
  }

  function currentLanguage() {
    return languageById(ctx.state.get(LANG_KEY));
  }

  /** @param {boolean} news a peer's change as it happened (not one from before we came) */
  function applyLanguage(news) {
    const lang = currentLanguage();
    picker.value = lang.id;
    void editor?.setLanguage(lang.id);
    if (news) {
      const who = ctx.state.entry(LANG_KEY)?.author;
      const name = (who && ctx.peer(who)?.name) || tr('someone');
      say(tr('switched', { name, language: languageName(lang) }));
    }
  }

  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let noticeTimer;
  /** @param {string} text */
  function say(text) {
    notice.textContent = text;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => (notice.textContent = ''), NOTICE_MS);
  }

  /** Who has the editor open, from the awareness states (names from the room). */
  function renderPeople() {
    const chips = [];
    const names = [];
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === doc.clientID || !state?.editing) continue;
      const peerId = ctx.presence.peerOf(clientId);
      const peer = peerId ? ctx.peer(peerId) : undefined;
      if (!peer) continue;
      names.push(peer.name);
      chips.push(
        h(
          `span.code-person.cm-remote-c${colourOf(peer.peerId)}`,
          {
            title: tr('isEditing', { name: peer.name }),
            translate: 'no',
            dataset: { peerId: peer.peerId },
          },
          initials(peer.name),
        ),
      );
    }
    replace(people, ...chips.slice(0, 6));
    people.setAttribute(
      'aria-label',
      chips.length ? tr('editingNames', { names: names.join(', ') }) : tr('nobodyElse'),
    );
  }
  awareness.on('change', renderPeople);

  function downloadFile() {
    const lang = currentLanguage();
    const blob = new Blob([ytext.toString()], { type: `${lang.mime};charset=utf-8` });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `code.${lang.ext}`, hidden: true });
    root.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const offs = [
    ctx.on('peer-updated', () => renderPeople()),
    ctx.on('show', () => {
      ctx.ui.setBadge(null);
      void ensureEditor().then(() => editor?.view.requestMeasure());
    }),
    ctx.state.on((/** @type {{keys: string[], local: boolean, catchUp: boolean}} */ e) => {
      if (e.keys.includes(LANG_KEY)) applyLanguage(!e.local && !e.catchUp);
    }),
  ];

  applyLanguage(false);
  renderPeople();
  if (ctx.visible) void ensureEditor();

  return () => {
    closed = true;
    offs.forEach((off) => off());
    awareness.off('change', renderPeople);
    editor?.destroy();
    doc.off('update', onDocUpdate);
    clearTimeout(noticeTimer);
  };
}

/**
 * A language's name for the picker: programming languages by their own names, plain text in
 * the page's language.
 * @param {{id: string, name: string}} l
 */
function languageName(l) {
  return l.id === 'plaintext' ? tr('plainText') : l.name;
}
