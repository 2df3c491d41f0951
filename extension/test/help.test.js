// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HELP_PAGES, helpUrl } from '../ui/shared/help.js';

test('every screen links to a page that exists in the user manual', () => {
  for (const [screen, page] of Object.entries(HELP_PAGES)) {
    const file = fileURLToPath(new URL(`../../docs/user/${page}.md`, import.meta.url));
    assert.ok(existsSync(file), `${screen} → docs/user/${page}.md`);
  }
});

test('help URLs are absolute for the extension and relative for the web client', () => {
  assert.equal(
    helpUrl('https://meet.example.com/', 'room'),
    'https://meet.example.com/manual/user/room-controls',
  );
  assert.equal(helpUrl('', 'prejoin'), '/manual/user/pre-join');
});
