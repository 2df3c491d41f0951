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
        'aria-label': 'Language',
        title: 'Language of the file (for everyone)',
        onchange: () => {
          if (isLanguage(picker.value)) ctx.state.set(LANG_KEY, picker.value);
        },
      },
      LANGUAGES.map((l) => h('option', { value: l.id }, l.name)),
    )
  );
  const people = h('div.code-people', { 'aria-label': 'Editing now' });
  const download = h(
    'button.code-download',
    { type: 'button', title: 'Download the file', onclick: () => downloadFile() },
    pathIcon(DOWNLOAD_ICON, 'code-icon'),
    h('span', null, 'Download'),
  );
  const host = h('div.code-editor', null, h('p.code-loading.muted', null, 'Loading the editor…'));
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
            position.textContent = `Ln ${p.line}, Col ${p.col} · ${p.lines} line${p.lines === 1 ? '' : 's'}`;
          },
          notify: (text) => ctx.ui.notify(text),
        });
        const lines = editor.view.state.doc.lines;
        position.textContent = `Ln 1, Col 1 · ${lines} line${lines === 1 ? '' : 's'}`;
        void editor.setLanguage(currentLanguage().id);
      },
      (err) => {
        loading = null;
        replace(
          host,
          h('p.widget-error', null, `The editor could not load: ${String(err?.message ?? err)}`),
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
      const name = (who && ctx.peer(who)?.name) || 'Someone';
      say(`${name} switched to ${lang.name}`);
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
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === doc.clientID || !state?.editing) continue;
      const peerId = ctx.presence.peerOf(clientId);
      const peer = peerId ? ctx.peer(peerId) : undefined;
      if (!peer) continue;
      chips.push(
        h(
          `span.code-person.cm-remote-c${colourOf(peer.peerId)}`,
          { title: `${peer.name} is editing`, dataset: { peerId: peer.peerId } },
          initials(peer.name),
        ),
      );
    }
    replace(people, ...chips.slice(0, 6));
    people.setAttribute(
      'aria-label',
      chips.length
        ? `Editing now: ${chips.map((c) => c.title.replace(/ is editing$/, '')).join(', ')}`
        : 'Nobody else is editing',
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
