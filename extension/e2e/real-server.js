// The settings the real server under test runs with, kept in one file, real-server.json, that
// every runner reads: ClientE2EIT (the browser suite of .ci/run) passes them as system
// properties, with-war.sh exports them as environment variables (through this module's command
// line), and the tests take from here what they must agree on (sites.js: the embedding site;
// coturn.js: the TURN server). Why each is there:
//
//   tfx.session.grace       the drop test holds a socket down for 5 s; the seat must outlive it
//   tfx.origins.allowed     the embedding site of sites.js may frame rooms (embed.e2e.js)
//   tfx.share.sources       … and is where the shared media and pages come from (share.e2e.js)
//   tfx.share.allowPrivateAddresses   link previews of that loopback site (tests only)
//   tfx.widgets.thirdParty  the tutorial's sample widget, run sandboxed (sandbox.e2e.js); a path
//                           from the repository root
//   tfx.turn.urls/secrets   SUITE_TURN of coturn.js, where the stats test starts a coturn
//
//   node e2e/real-server.js --env REPO_ROOT   prints `export TFX_…='…'` lines for bash
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Readonly<Record<string, string>>} */
export const REAL_SERVER = Object.freeze(
  JSON.parse(fs.readFileSync(new URL('./real-server.json', import.meta.url), 'utf8')),
);

/** Settings whose value is a path from the repository root. */
const PATHS = new Set(['tfx.widgets.thirdParty']);

/**
 * The settings with repository paths made absolute.
 * @param {string} root the repository root
 */
export function resolvedSettings(root) {
  return Object.fromEntries(
    Object.entries(REAL_SERVER).map(([k, v]) => [k, PATHS.has(k) ? path.resolve(root, v) : v]),
  );
}

/**
 * The environment variable a setting is read from: `tfx.ws.helloTimeout` →
 * `TFX_WS_HELLO_TIMEOUT` (as SettingsSource.environmentName on the server).
 * @param {string} property
 */
export function environmentName(property) {
  return property
    .replace(/\./g, '_')
    .replace(/[A-Z]/g, (c) => `_${c}`)
    .toUpperCase();
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--env') {
  const quote = (/** @type {string} */ v) => `'${v.replace(/'/g, `'\\''`)}'`;
  for (const [k, v] of Object.entries(resolvedSettings(process.argv[3] ?? '.'))) {
    console.log(`export ${environmentName(k)}=${quote(v)}`);
  }
}
