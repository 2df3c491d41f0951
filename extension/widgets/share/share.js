// @ts-check
/**
 * Share: anyone pastes or drops a link (or an image file) and everyone sees it — images, video and
 * audio as themselves, pages that allow it in a sandboxed frame, a link card otherwise. Shared
 * items live in the replicated list "items", so late joiners get them; image files travel as
 * base64 parts in lists "file:<key>" (see README.md). The sharer's page asks the server for a
 * preview (`GET /api/link-preview`); what the others receive is re-checked by `readItem` before
 * anything is shown, and never becomes HTML.
 */
import { h, replace, clockTime } from '../../ui/widgets/kit.js';
import {
  LIST,
  FILE_TYPES,
  MAX_FILE_BYTES,
  readItem,
  itemFromPreview,
  linkIn,
  sourcesAllow,
  viewOf,
  sandboxFor,
  hostOf,
  assembleFile,
  toParts,
  newFileKey,
  cleanText,
  LIMITS,
} from './items.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

/** Images beyond this size are not even read. */
const MAX_INPUT_BYTES = 40 * 1024 * 1024;
/** Longest side of a shared image file after re-encoding. */
const MAX_SIDE = 1920;
/** What all shared image files of a room may add up to. */
const ROOM_FILE_BUDGET = 8 * 1024 * 1024;
const TOAST_EVERY_MS = 4000;

/** Why a link got no preview, in words, by HTTP status / error code of /api/link-preview. */
const NO_PREVIEW = new Set([
  'address-not-allowed',
  'fetch-failed',
  'rate-limited',
  'link-preview-unavailable',
]);

/**
 * @typedef {{id: string, value: unknown, author: string, time: number}} StateItem
 * @typedef {{el: HTMLElement, item: import('./items.js').SharedItem, update?: () => void, dispose?: () => void}} Shown
 */

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  const selfOrigin = location.origin;
  // Extension pages have no CSP limit on images, media and frames; the web pages have the
  // server's (room policy: 'self' plus tfx.share.sources).
  const anywhere = location.protocol === 'chrome-extension:';
  /** @type {string[]|null} CSP sources the room page may show shared things from; null: not known yet */
  let sources = null;
  let previews = true;
  /** @type {Map<string, Shown>} state item id → what is on screen */
  const shown = new Map();
  let unread = 0;
  let lastToast = 0;
  let disposed = false;

  const input = /** @type {HTMLInputElement} */ (
    h('input.share-input', {
      type: 'text',
      inputMode: 'url',
      maxLength: 2048,
      placeholder: tr('placeholder'),
      'aria-label': tr('linkLabel'),
      autocomplete: 'off',
      spellcheck: false,
    })
  );
  const shareBtn = /** @type {HTMLButtonElement} */ (
    h('button.primary.share-send', { type: 'submit' }, tr('share'))
  );
  const fileInput = /** @type {HTMLInputElement} */ (
    h('input.share-file', {
      type: 'file',
      accept: FILE_TYPES.join(','),
      hidden: true,
      onchange: () => {
        const f = fileInput.files?.[0];
        fileInput.value = '';
        if (f) shareFile(f);
      },
    })
  );
  const fileBtn = /** @type {HTMLButtonElement} */ (
    h(
      'button.share-pick',
      {
        type: 'button',
        title: tr('pickTitle'),
        'aria-label': tr('pickTitle'),
        onclick: () => fileInput.click(),
      },
      tr('pick'),
    )
  );
  const status = h('p.share-status.small', { role: 'status', 'aria-live': 'polite' });
  const list = h('div.share-list');
  const empty = h('p.share-empty.muted', null, tr('empty'));
  const dropHint = h('div.share-drop', { hidden: true }, tr('drop'));
  const form = h(
    'form.share-compose',
    {
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        const url = linkIn(input.value);
        if (!url) {
          say(tr('notALink'), 'error');
          return;
        }
        shareLink(url);
      },
    },
    input,
    shareBtn,
    fileBtn,
    fileInput,
  );
  const box = h(
    'div.share',
    { tabindex: -1 },
    form,
    status,
    h('div.share-scroll', null, empty, list),
    dropHint,
  );
  replace(root, box);

  // ---- sharing ----

  /**
   * @param {string} text
   * @param {'info'|'error'|''} [kind]
   */
  function say(text, kind = 'info') {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  /** @param {boolean} on */
  function busy(on) {
    shareBtn.disabled = on;
    fileBtn.disabled = on;
    input.disabled = on;
  }

  /** @param {string} url an http(s) URL, checked */
  async function shareLink(url) {
    busy(true);
    say(tr('previewing'));
    /** @type {unknown} */
    let preview = null;
    let note = '';
    try {
      if (previews) {
        try {
          const r = await ctx.api(`/api/link-preview?url=${encodeURIComponent(url)}`);
          const body = await r.json().catch(() => null);
          if (r.ok) preview = body;
          else if (r.status === 400 && body?.code === 'invalid-url') {
            say(tr('notPublic'), 'error');
            return;
          } else {
            note = NO_PREVIEW.has(body?.code)
              ? tr(`noPreview.${body.code}`)
              : tr('noPreviewStatus', { status: r.status });
          }
        } catch {
          note = tr('noPreviewUnreachable');
        }
      }
      if (disposed) return;
      ctx.state.append(LIST, itemFromPreview(url, preview, ctx.self.name));
      input.value = '';
      say(note, note ? 'info' : '');
    } catch (err) {
      say(tr('failed', { reason: String(/** @type {any} */ (err)?.message ?? err) }), 'error');
    } finally {
      busy(false);
    }
  }

  /** @param {File} file */
  async function shareFile(file) {
    if (!file.type.startsWith('image/')) {
      say(tr('onlyImages'), 'error');
      return;
    }
    if (file.size > MAX_INPUT_BYTES) {
      say(tr('tooLarge'), 'error');
      return;
    }
    busy(true);
    say(tr('preparing'));
    try {
      const img = await encodeImage(file);
      if (!img) {
        say(tr('unreadable'), 'error');
        return;
      }
      if (roomFileBytes() + img.bytes.length > ROOM_FILE_BUDGET) {
        say(tr('roomFull'), 'error');
        return;
      }
      const key = newFileKey();
      const parts = toParts(img.bytes);
      // Parts first: when the item arrives, its parts are (mostly) there already.
      parts.forEach((d, i) => ctx.state.append(`file:${key}`, { i, d }));
      const name = cleanText(file.name, LIMITS.fileName);
      ctx.state.append(LIST, {
        kind: 'file',
        name: ctx.self.name,
        title: name,
        file: {
          key,
          type: img.type,
          size: img.bytes.length,
          parts: parts.length,
          width: img.width,
          height: img.height,
          name,
        },
      });
      say('');
    } catch (err) {
      say(tr('imageFailed', { reason: String(/** @type {any} */ (err)?.message ?? err) }), 'error');
    } finally {
      busy(false);
    }
  }

  function roomFileBytes() {
    let sum = 0;
    for (const it of ctx.state.list(LIST)) {
      const item = readItem(it.value);
      if (item?.file) sum += item.file.size;
    }
    return sum;
  }

  // Paste anywhere in the pane (outside the text box): share at once. Drops: files or links.
  box.addEventListener('paste', (/** @type {ClipboardEvent} */ e) => {
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) {
      e.preventDefault();
      shareFile(file);
      return;
    }
    if (e.composedPath().includes(input)) return;
    const url = linkIn(e.clipboardData?.getData('text/plain') ?? '');
    if (url) {
      e.preventDefault();
      shareLink(url);
    }
  });
  let dragDepth = 0;
  box.addEventListener('dragenter', (e) => {
    e.preventDefault();
    dragDepth++;
    dropHint.hidden = false;
  });
  box.addEventListener('dragover', (e) => e.preventDefault());
  box.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) dropHint.hidden = true;
  });
  box.addEventListener('drop', (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    dragDepth = 0;
    dropHint.hidden = true;
    const dt = e.dataTransfer;
    const file = [...(dt?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) return void shareFile(file);
    const uri = (dt?.getData('text/uri-list') ?? '')
      .split(/\r?\n/)
      .find((l) => l && !l.startsWith('#'));
    const url = linkIn(uri || dt?.getData('text/plain') || '');
    if (url) shareLink(url);
    else say(tr('dropWhat'), 'error');
  });

  // ---- showing ----

  /** @param {string} url */
  const loadable = (url) =>
    anywhere || sourcesAllow(url, ["'self'", ...(sources ?? [])], selfOrigin);

  /** @param {string} peerId @param {string|null} stored */
  function nameOf(peerId, stored) {
    if (peerId === ctx.self.peerId) return tr('you');
    return ctx.peer(peerId)?.name ?? stored ?? tr('someone');
  }

  /** @param {StateItem} it */
  const mayRemove = (it) => it.author === ctx.self.peerId || ctx.self.owner;

  /** @param {StateItem} it */
  function remove(it) {
    const item = readItem(it.value);
    if (item?.file) for (const p of ctx.state.list(`file:${item.file.key}`)) ctx.state.remove(p.id);
    ctx.state.remove(it.id);
  }

  /**
   * @param {StateItem} it
   * @param {import('./items.js').SharedItem} item
   * @returns {Shown}
   */
  function itemEl(it, item) {
    const view = viewOf(item, loadable);
    const body = h('div.share-body');
    const el = h(
      'article.share-item',
      { dataset: { id: it.id, kind: item.kind, view, author: it.author } },
      h(
        'header.share-meta',
        null,
        h(
          'span.share-who',
          { translate: it.author === ctx.self.peerId ? null : 'no' },
          nameOf(it.author, item.name),
        ),
        h('time.share-time', { title: new Date(it.time).toLocaleString() }, clockTime(it.time)),
        h('span.grow'),
        item.url
          ? h(
              'a.share-open',
              {
                href: item.url,
                target: '_blank',
                rel: 'noopener noreferrer nofollow',
                referrerPolicy: 'no-referrer',
                title: tr('openTitle'),
              },
              tr('open'),
            )
          : null,
        mayRemove(it)
          ? h(
              'button.share-remove.small',
              {
                type: 'button',
                title: tr('remove'),
                'aria-label': tr('remove'),
                onclick: () => remove(it),
              },
              '✕',
            )
          : null,
      ),
      body,
    );
    /** @type {Shown} */
    const s = { el, item };
    const toCard = () => {
      el.dataset.view = 'card';
      replace(body, card(item));
    };
    const url = /** @type {string} */ (item.url);
    switch (view) {
      case 'image': {
        const img = h('img.share-image', {
          src: url,
          alt: item.title ?? tr('imageAlt'),
          referrerPolicy: 'no-referrer',
          decoding: 'async',
          onerror: toCard,
        });
        replace(body, link(url, img), caption(item));
        break;
      }
      case 'video':
      case 'audio': {
        const media = /** @type {HTMLMediaElement} */ (
          h(`${view}.share-${view}`, {
            src: url,
            controls: true,
            preload: 'metadata',
            playsInline: true,
            onerror: toCard,
          })
        );
        replace(body, media, caption(item));
        s.dispose = () => {
          media.pause();
          media.removeAttribute('src');
          media.load();
        };
        break;
      }
      case 'frame': {
        const frame = h('iframe.share-frame', {
          src: url,
          sandbox: sandboxFor(url, selfOrigin),
          credentialless: true,
          referrerPolicy: 'no-referrer',
          allow: 'fullscreen; picture-in-picture',
          loading: 'lazy',
          title: item.title ?? hostOf(url),
        });
        replace(body, frame, caption(item));
        break;
      }
      case 'file': {
        s.update = () => fileView(it, item, body, s);
        s.update();
        break;
      }
      default:
        replace(body, card(item));
    }
    return s;
  }

  /**
   * @param {StateItem} it
   * @param {import('./items.js').SharedItem} item
   * @param {HTMLElement} body
   * @param {Shown} s
   */
  function fileView(it, item, body, s) {
    const file = /** @type {import('./items.js').SharedFile} */ (item.file);
    if (body.dataset.ready === 'true') return;
    const { bytes, have } = assembleFile(file, ctx.state.list(`file:${file.key}`));
    if (!bytes) {
      replace(
        body,
        h(
          'p.share-receiving.muted.small',
          null,
          have < file.parts
            ? tr('receiving', { percent: Math.floor((have / file.parts) * 100) })
            : tr('damaged'),
        ),
      );
      return;
    }
    const url = URL.createObjectURL(
      new Blob([/** @type {BlobPart} */ (bytes)], { type: file.type }),
    );
    body.dataset.ready = 'true';
    const name = file.name ?? `image-${it.id.replace(/[^a-z0-9]/gi, '')}`;
    replace(
      body,
      h('img.share-image', {
        src: url,
        alt: item.title ?? tr('imageAlt'),
        width: file.width,
        height: file.height,
      }),
      h(
        'p.share-caption.small',
        null,
        item.title
          ? h('span.share-title', { translate: 'no' }, item.title)
          : h('span.share-title', null, tr('image')),
        h('span.muted', null, ` · ${Math.max(1, Math.round(file.size / 1024))} KB`),
        h('span.grow'),
        h('a.share-save', { href: url, download: name }, tr('save')),
      ),
    );
    s.dispose = () => URL.revokeObjectURL(url);
  }

  /**
   * @param {string} url
   * @param {HTMLElement} child
   */
  function link(url, child) {
    return h(
      'a.share-media-link',
      {
        href: url,
        target: '_blank',
        rel: 'noopener noreferrer nofollow',
        referrerPolicy: 'no-referrer',
      },
      child,
    );
  }

  /** @param {import('./items.js').SharedItem} item */
  function caption(item) {
    const url = /** @type {string} */ (item.url);
    return h(
      'p.share-caption.small',
      null,
      h('span.share-title', { translate: 'no' }, item.title ?? hostOf(url)),
      item.title
        ? h('span.muted', { translate: 'no' }, ` · ${item.siteName ?? hostOf(url)}`)
        : null,
    );
  }

  /** @param {import('./items.js').SharedItem} item */
  function card(item) {
    const url = /** @type {string} */ (item.url);
    const host = hostOf(url);
    const thumb =
      item.image && loadable(item.image)
        ? h('img.share-thumb', {
            src: item.image,
            alt: '',
            referrerPolicy: 'no-referrer',
            loading: 'lazy',
            decoding: 'async',
            onerror: (/** @type {Event} */ e) => /** @type {HTMLElement} */ (e.target).remove(),
          })
        : null;
    return h(
      'a.share-card',
      {
        href: url,
        target: '_blank',
        rel: 'noopener noreferrer nofollow',
        referrerPolicy: 'no-referrer',
      },
      thumb,
      h(
        'span.share-card-text',
        { translate: 'no' },
        h('strong.share-title', null, item.title ?? url),
        item.description ? h('span.share-desc', null, item.description) : null,
        h(
          'span.share-site.muted.small',
          null,
          item.siteName && item.siteName !== host ? `${item.siteName} · ${host}` : host,
        ),
      ),
    );
  }

  /** Brings the list on screen in line with the state: newest first; existing elements stay put. */
  function render() {
    if (sources === null) return;
    const items = /** @type {StateItem[]} */ (ctx.state.list(LIST)).slice().reverse();
    const keep = new Set();
    /** @type {Element|null} */
    let next = list.firstElementChild;
    for (const it of items) {
      const item = readItem(it.value);
      if (!item) continue;
      keep.add(it.id);
      let s = shown.get(it.id);
      if (!s) {
        s = itemEl(it, item);
        shown.set(it.id, s);
        list.insertBefore(s.el, next);
      } else {
        s.update?.();
        // Existing elements never move (a moved frame reloads, a moved video stops).
        next = s.el.nextElementSibling;
        continue;
      }
      next = s.el.nextElementSibling;
    }
    for (const [id, s] of shown) {
      if (keep.has(id)) continue;
      s.dispose?.();
      s.el.remove();
      shown.delete(id);
    }
    empty.hidden = shown.size > 0;
    // A feed is made of articles: an empty one is no feed (nor a labelled nothing).
    if (shown.size) {
      list.setAttribute('role', 'feed');
      list.setAttribute('aria-label', tr('feed'));
    } else {
      list.removeAttribute('role');
      list.removeAttribute('aria-label');
    }
  }

  /** @param {StateItem[]} fresh items of others that just arrived */
  function announce(fresh) {
    if (fresh.length === 0 || ctx.visible) return;
    unread += fresh.length;
    ctx.ui.setBadge(unread);
    const now = Date.now();
    if (now - lastToast < TOAST_EVERY_MS) return;
    lastToast = now;
    const last = fresh[fresh.length - 1];
    const item = readItem(last.value);
    if (!item) return;
    const key =
      item.kind === 'file' || item.kind === 'image'
        ? 'sharedImage'
        : item.kind === 'video'
          ? 'sharedVideo'
          : item.kind === 'audio'
            ? 'sharedSound'
            : 'sharedLink';
    ctx.ui.notify(tr(key, { name: nameOf(last.author, item.name) }));
  }

  const offs = [
    ctx.state.on((/** @type {{lists: string[], local: boolean}} */ e) => {
      const before = new Set(shown.keys());
      if (e.lists.includes(LIST) || e.lists.some((l) => l.startsWith('file:'))) render();
      if (e.local) return;
      announce(
        /** @type {StateItem[]} */ (ctx.state.list(LIST)).filter(
          (it) => !before.has(it.id) && shown.has(it.id) && it.author !== ctx.self.peerId,
        ),
      );
    }),
    ctx.on('show', () => {
      unread = 0;
      ctx.ui.setBadge(null);
    }),
    ctx.on('peer-updated', (/** @type {any} */ e) => {
      for (const s of shown.values()) {
        if (s.el.dataset.author !== e.peer.peerId) continue;
        const who = s.el.querySelector('.share-who');
        if (who) who.textContent = e.peer.name;
      }
    }),
  ];

  ctx
    .api('/api/client-config')
    .then((/** @type {Response} */ r) => (r.ok ? r.json() : null))
    .catch(() => null)
    .then((/** @type {any} */ c) => {
      sources = Array.isArray(c?.shareSources)
        ? c.shareSources.filter((/** @type {unknown} */ s) => typeof s === 'string')
        : [];
      previews = c ? c.linkPreview !== false : true;
      if (!disposed) render();
    });

  return () => {
    disposed = true;
    offs.forEach((off) => off());
    for (const s of shown.values()) s.dispose?.();
    shown.clear();
  };
}

/**
 * Re-encodes an image file for sharing: at most {@link MAX_SIDE} px on its longest side, without
 * its metadata (camera, location), small enough for the state; lossless PNG when that fits,
 * else WebP at falling quality.
 * @param {File} file
 * @returns {Promise<{bytes: Uint8Array, type: string, width: number, height: number}|null>}
 */
async function encodeImage(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    let scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    for (let attempt = 0; attempt < 6; attempt++) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d');
      if (!g) return null;
      g.drawImage(bitmap, 0, 0, width, height);
      const tries =
        attempt === 0 && file.type === 'image/png'
          ? [
              ['image/png', undefined],
              ['image/webp', 0.9],
              ['image/webp', 0.75],
            ]
          : [
              ['image/webp', 0.85],
              ['image/webp', 0.7],
              ['image/webp', 0.55],
            ];
      for (const [type, quality] of tries) {
        const blob = await new Promise((res) =>
          canvas.toBlob(
            res,
            /** @type {string} */ (type),
            /** @type {number|undefined} */ (quality),
          ),
        );
        if (blob && blob.size <= MAX_FILE_BYTES && blob.type === type) {
          return {
            bytes: new Uint8Array(await blob.arrayBuffer()),
            type: blob.type,
            width,
            height,
          };
        }
      }
      scale *= 0.7;
    }
    return null;
  } finally {
    bitmap.close();
  }
}
