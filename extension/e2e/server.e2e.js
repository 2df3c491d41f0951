// Checks of what the real server serves for the client: the room page, the extension zip (same
// manifest as the build, plus server.json) and CORS for the pinned extension only.
// Needs TFX_SERVER_URL (the fake server does not serve these).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { here } from './harness.js';

const url = process.env.TFX_SERVER_URL?.replace(/\/+$/, '');
const skip = url ? false : 'set TFX_SERVER_URL to the real server';
const EXT_ORIGIN = 'chrome-extension://fppgfecofegoimljfpigcgaddhhebeda';

test(
  'the extension zip holds the built manifest and a server.json naming this server',
  { skip },
  async () => {
    const res = await fetch(`${url}/downloads/tfx-sessions-extension.zip`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /zip/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-zip-'));
    try {
      const zip = path.join(dir, 'x.zip');
      fs.writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
      execFileSync('unzip', ['-q', zip, '-d', path.join(dir, 'x')]);
      const built = fs.readFileSync(path.join(here, 'dist/extension/manifest.json'), 'utf8');
      assert.equal(fs.readFileSync(path.join(dir, 'x/manifest.json'), 'utf8'), built);
      assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'x/server.json'), 'utf8')), {
        serverUrl: url,
      });
      for (const f of [
        'popup.html',
        'room.html',
        'options.html',
        'app/app.js',
        'background/service-worker.js',
      ]) {
        assert.ok(fs.existsSync(path.join(dir, 'x', f)), f);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('/r/{roomId} serves the web client page; bad ids are 404', { skip }, async () => {
  const ok = await fetch(`${url}/r/abcDEF123`);
  assert.equal(ok.status, 200);
  const html = await ok.text();
  assert.match(html, /<script type="module" src="\/app\/app\.js"><\/script>/);
  assert.doesNotMatch(html, /<script>(?!<)/, 'no inline script');
  assert.equal((await fetch(`${url}/r/a/b`)).status, 404);
});

test('CORS on the API answers the pinned extension and nobody else', { skip }, async () => {
  const pre = await fetch(`${url}/api/rooms`, {
    method: 'OPTIONS',
    headers: {
      origin: EXT_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), EXT_ORIGIN);
  const other = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});
