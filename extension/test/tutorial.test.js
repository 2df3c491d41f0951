import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sample = path.join(repo, 'docs/developer/samples/wave');

/** The fenced code blocks of a Markdown file, by language. */
function blocks(file) {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    code: m[2].trimEnd(),
  }));
}

test('the tutorial shows the sample widget exactly as the tested files are', () => {
  const shown = blocks(path.join(repo, 'docs/developer/widget-tutorial.md'));
  for (const [file, lang] of [
    ['widget.json', 'json'],
    ['wave.js', 'js'],
    ['wave.css', 'css'],
  ]) {
    const code = fs.readFileSync(path.join(sample, file), 'utf8').trimEnd();
    assert.ok(
      shown.some((b) => b.lang === lang && b.code === code),
      `docs/developer/widget-tutorial.md must show ${file} verbatim`,
    );
  }
});

test('the sample manifest is valid for the catalogue', () => {
  const m = JSON.parse(fs.readFileSync(path.join(sample, 'widget.json'), 'utf8'));
  assert.equal(m.id, path.basename(sample));
  for (const f of [m.entry, m.style, m.icon]) assert.ok(fs.existsSync(path.join(sample, f)), f);
});
