// Copies the browser suite's screenshots into the user manual: every picture the manual already
// has (docs/user/images/<name>.png) is replaced by target/screenshots/<name>.png of the last run,
// and names given on the command line are added. Run after the browser suite:
//   node scripts/manual-images.mjs [new-name …]
// Then look at the pictures before committing them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shots = path.join(root, 'target/screenshots');
const images = path.join(root, 'docs/user/images');
const wanted = new Set([
  ...fs.readdirSync(images).filter((f) => f.endsWith('.png')),
  ...process.argv.slice(2).map((n) => `${n.replace(/\.png$/, '')}.png`),
]);
let copied = 0;
for (const name of [...wanted].sort()) {
  const from = path.join(shots, name);
  if (!fs.existsSync(from)) {
    console.log(`missing from the last run: ${name}`);
    continue;
  }
  fs.copyFileSync(from, path.join(images, name));
  copied++;
}
console.log(`copied ${copied} of ${wanted.size} pictures into docs/user/images`);
