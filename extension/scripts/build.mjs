// Builds everything from one source tree, with the local node and no network:
//   dist/web/        what the WAR serves at its root (/app/…, /lib/sdk/…)
//   dist/extension/  the complete unpacked MV3 extension
// No inline scripts anywhere (MV3 CSP; the web client follows the same rule).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(here, 'dist');
const web = path.join(dist, 'web');
const ext = path.join(dist, 'extension');
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));

fs.rmSync(dist, { recursive: true, force: true });
for (const d of [web, ext]) fs.mkdirSync(d, { recursive: true });

const common = {
  bundle: true,
  format: 'esm',
  target: ['chrome116'],
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { 'app/app': 'ui/app/main.js' },
    outdir: web,
    absWorkingDir: here,
  }),
  // The embed page (/embed/{roomId}, framed by other sites) and the embedders' library, a
  // classic script (cross-origin module scripts would need CORS) with the global TfxEmbed.
  esbuild.build({
    ...common,
    entryPoints: { 'embed/embed': 'ui/embed/main.js' },
    outdir: web,
    absWorkingDir: here,
  }),
  esbuild.build({
    ...common,
    format: 'iife',
    globalName: 'TfxEmbed',
    entryPoints: { 'lib/tfx-embed': 'ui/embed/tfx-embed.js' },
    outdir: web,
    absWorkingDir: here,
  }),
  esbuild.build({
    ...common,
    entryPoints: {
      'lib/sdk/tfx-sdk': 'lib/sdk/index.js',
      // The bridge inside third-party widgets' sandboxed frames (served by the server).
      'lib/widget-frame': 'ui/widget-frame/frame.js',
    },
    outdir: web,
    absWorkingDir: here,
  }),
  esbuild.build({
    ...common,
    absWorkingDir: here,
    outdir: ext,
    entryPoints: {
      'app/app': 'ui/app/main.js',
      'popup/popup': 'ui/extension/popup.js',
      'options/options': 'ui/extension/options.js',
      'background/service-worker': 'background/service-worker.js',
    },
  }),
]);

/** @param {{title: string, css: string[], js: string, rootId: string, bodyClass?: string}} p */
function page(p) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${p.title}</title>
${p.css.map((c) => `<link rel="stylesheet" href="${c}">`).join('\n')}
<script type="module" src="${p.js}"></script>
</head>
<body${p.bodyClass ? ` class="${p.bodyClass}"` : ''}>
<main id="${p.rootId}"></main>
</body>
</html>
`;
}

const write = (file, text) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(path.join(here, from), to);
};

// Web client: absolute paths, because /r/{id} serves the same page.
write(
  path.join(web, 'app/index.html'),
  page({ title: 'TFX Sessions', css: ['/app/app.css'], js: '/app/app.js', rootId: 'app' }).replace(
    '</title>',
    '</title>\n<link rel="icon" href="/app/icon-32.png">',
  ),
);
copy('ui/app/app.css', path.join(web, 'app/app.css'));
copy('ui/widgets/widget-base.css', path.join(web, 'app/widget-base.css'));

// Embed page: served by the server at /embed/{roomId}; its files live under /embed/.
write(
  path.join(web, 'embed/index.html'),
  page({
    title: 'TFX Sessions',
    css: ['/app/app.css', '/embed/embed.css'],
    js: '/embed/embed.js',
    rootId: 'app',
    bodyClass: 'embed',
  }),
);
copy('ui/embed/embed.css', path.join(web, 'embed/embed.css'));
copy('ui/widgets/widget-base.css', path.join(web, 'embed/widget-base.css'));

// Extension pages: relative paths.
copy('ui/app/app.css', path.join(ext, 'app/app.css'));
copy('ui/widgets/widget-base.css', path.join(ext, 'app/widget-base.css'));
copy('ui/extension/extension.css', path.join(ext, 'app/extension.css'));
write(
  path.join(ext, 'room.html'),
  page({ title: 'TFX Sessions', css: ['app/app.css'], js: 'app/app.js', rootId: 'app' }),
);
write(
  path.join(ext, 'popup.html'),
  page({
    title: 'TFX Sessions',
    css: ['app/app.css', 'app/extension.css'],
    js: 'popup/popup.js',
    rootId: 'popup',
    bodyClass: 'popup',
  }),
);
write(
  path.join(ext, 'options.html'),
  page({
    title: 'TFX Sessions — Options',
    css: ['app/app.css', 'app/extension.css'],
    js: 'options/options.js',
    rootId: 'options',
  }),
);
const manifest = JSON.parse(fs.readFileSync(path.join(here, 'manifest.json'), 'utf8'));
manifest.version = pkg.version;
write(path.join(ext, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// Widgets: one folder each (widget.json + entry module + CSS), served at /widgets/<id>/ and
// read by the server's catalogue at start; the extension carries the same files. The entry
// module is bundled (widgets may import npm packages and shared UI helpers; dynamic imports
// become chunks loaded on demand); every other file except JavaScript sources and developer
// notes (README.md) is copied, and `assets.json` (build-time only) may copy files from
// node_modules: {"copy": [{"from": "node_modules/pkg/dir/*.wasm", "to": "vendor/"}]}.
const widgetsDir = path.join(here, 'widgets');
// Widgets use the room page's Yjs, never one of their own: `ctx.state.doc` is made by the page,
// and a Yjs document only works with the Yjs that made it (ui/widgets/shared-yjs.js).
const yjsExports = Object.keys(await import('yjs')).filter((k) => k !== 'default');
const sharedYjs = {
  name: 'shared-yjs',
  setup(b) {
    b.onResolve({ filter: /^yjs$/ }, () => ({ path: 'yjs', namespace: 'shared-yjs' }));
    b.onLoad({ filter: /.*/, namespace: 'shared-yjs' }, () => ({
      contents:
        `const Y = globalThis.__tfxYjs;\n` +
        `if (!Y) throw new Error('this widget needs the room page (no shared Yjs)');\n` +
        yjsExports.map((k) => `export const ${k} = Y.${k};`).join('\n'),
      loader: 'js',
    }));
  },
};
if (fs.existsSync(widgetsDir)) {
  const builds = [];
  for (const e of fs.readdirSync(widgetsDir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const src = path.join(widgetsDir, e.name);
    const manifest = JSON.parse(fs.readFileSync(path.join(src, 'widget.json'), 'utf8'));
    if (manifest.id !== e.name) throw new Error(`widgets/${e.name}: id must equal the folder name`);
    for (const target of [path.join(web, 'widgets', e.name), path.join(ext, 'widgets', e.name)]) {
      fs.cpSync(src, target, {
        recursive: true,
        filter: (f) =>
          fs.statSync(f).isDirectory() ||
          !(/\.(m?js|ts)$/.test(f) || ['assets.json', 'README.md'].includes(path.basename(f))),
      });
      copyAssets(src, target);
      builds.push(
        esbuild.build({
          ...common,
          absWorkingDir: here,
          entryPoints: [path.join(src, manifest.entry)],
          outbase: src,
          outdir: target,
          // A widget may load big parts on demand with import(): they become chunks next to
          // the entry (chunks/…), fetched only when used. Minified: widgets carry libraries.
          splitting: true,
          chunkNames: 'chunks/[name]-[hash]',
          minify: true,
          plugins: [sharedYjs],
          loader: { '.wasm': 'file', '.tflite': 'file', '.bin': 'file' },
        }),
      );
    }
  }
  await Promise.all(builds);
}

// Runtimes that several built-in widgets load, copied once to /vendor/ of the web root and of
// the extension (widgets find them at ../../vendor/ from their module): MediaPipe Tasks Vision's
// WebAssembly (SIMD build; Chrome has had WebAssembly SIMD since 91).
for (const root of [web, ext]) {
  for (const f of ['vision_wasm_internal.js', 'vision_wasm_internal.wasm']) {
    const to = path.join(root, 'vendor/mediapipe', f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(here, 'node_modules/@mediapipe/tasks-vision/wasm', f), to);
  }
}

/** Copies the files a widget's assets.json names from node_modules into its build folder. */
function copyAssets(src, target) {
  const spec = path.join(src, 'assets.json');
  if (!fs.existsSync(spec)) return;
  for (const { from, to } of JSON.parse(fs.readFileSync(spec, 'utf8')).copy ?? []) {
    const dir = path.join(here, path.dirname(from));
    const pattern = new RegExp(
      '^' +
        path
          .basename(from)
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*') +
        '$',
    );
    const files = fs.readdirSync(dir).filter((f) => pattern.test(f));
    if (files.length === 0) throw new Error(`${spec}: nothing matches ${from}`);
    for (const f of files) {
      const out = path.join(target, to, f);
      if (!out.startsWith(target + path.sep)) throw new Error(`${spec}: ${to} leaves the widget`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.cpSync(path.join(dir, f), out, { recursive: true });
    }
  }
}

// Icons, drawn here so that no binary files live in the repository.
for (const size of [16, 32, 48, 128]) {
  const png = iconPng(size);
  write(path.join(ext, `icons/icon-${size}.png`), png);
  if (size === 32 || size === 128) write(path.join(web, `app/icon-${size}.png`), png);
}

const files = [];
const walk = (d) =>
  fs
    .readdirSync(d, { withFileTypes: true })
    .forEach((e) =>
      e.isDirectory()
        ? walk(path.join(d, e.name))
        : files.push(path.relative(dist, path.join(d, e.name))),
    );
walk(dist);
console.log(
  `built ${files.length} files into ${path.relative(process.cwd(), dist) || 'dist'}/ (web + extension ${pkg.version})`,
);

/** A rounded square with the brand gradient and a light ring: the logo mark. */
function iconPng(size) {
  const px = Buffer.alloc(size * size * 4);
  const r = size * 0.22;
  const c1 = [0x4f, 0x5b, 0xd5];
  const c2 = [0x8a, 0x4d, 0xff];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = Math.min(Math.max(x + 0.5, r), size - r);
      const cy = Math.min(Math.max(y + 0.5, r), size - r);
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const alpha = Math.max(0, Math.min(1, r - d + 0.5));
      const t = (x + y) / (2 * size);
      let rgb = c1.map((v, i) => Math.round(v + (c2[i] - v) * t));
      // inner ring
      const ring = Math.abs(Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) - size * 0.24);
      const ringA = Math.max(0, Math.min(1, size * 0.075 - ring + 0.5));
      rgb = rgb.map((v) => Math.round(v + (255 - v) * ringA * 0.95));
      const o = (y * size + x) * 4;
      px[o] = rgb[0];
      px[o + 1] = rgb[1];
      px[o + 2] = rgb[2];
      px[o + 3] = Math.round(alpha * 255);
    }
  }
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c;
}
