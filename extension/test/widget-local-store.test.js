// Unit tests of ctx.storage (ui/widgets/local-store.js): a widget's private values in the tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WidgetLocalStore, MAX_LOCAL_VALUE_BYTES } from '../ui/widgets/local-store.js';
import { memoryStorage } from '../lib/sdk/storage.js';

test('values round-trip as JSON, per widget, and are forgotten together', () => {
  const storage = memoryStorage();
  const code = new WidgetLocalStore(storage, 'tfx.widget.r1.code.local');
  const draw = new WidgetLocalStore(storage, 'tfx.widget.r1.draw.local');
  assert.equal(code.get('doc'), undefined);
  assert.equal(code.set('doc', 'AAEC'), true);
  assert.equal(code.set('meta', { n: 1, list: [1, 'x'] }), true);
  assert.equal(draw.set('doc', 'other'), true);
  assert.equal(code.get('doc'), 'AAEC');
  assert.deepEqual(code.get('meta'), { n: 1, list: [1, 'x'] });
  // A second store on the same storage (the page after a reload) sees them.
  const again = new WidgetLocalStore(storage, 'tfx.widget.r1.code.local');
  assert.equal(again.get('doc'), 'AAEC');
  code.set('meta', null);
  assert.equal(code.get('meta'), undefined);
  code.forget();
  assert.equal(again.get('doc'), undefined);
  assert.equal(storage.getItem('tfx.widget.r1.code.local'), null);
  assert.equal(storage.getItem('tfx.widget.r1.code.local:doc'), null);
  assert.equal(draw.get('doc'), 'other', "another widget's values stay");
});

test('bad keys and values are refused; a full storage answers false', () => {
  const s = new WidgetLocalStore(memoryStorage(), 'p');
  assert.throws(() => s.set('', 1), TypeError);
  assert.throws(() => s.get('x'.repeat(257)), TypeError);
  assert.throws(() => s.set('k', () => 1), TypeError);
  assert.throws(() => s.set('k', 'x'.repeat(MAX_LOCAL_VALUE_BYTES)), RangeError);
  const full = new WidgetLocalStore(
    {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    },
    'p',
  );
  assert.equal(full.set('k', 'v'), false);
  // A corrupt stored value reads as missing.
  const storage = memoryStorage();
  storage.setItem('p', '["k"]');
  storage.setItem('p:k', '{broken');
  assert.equal(new WidgetLocalStore(storage, 'p').get('k'), undefined);
});
