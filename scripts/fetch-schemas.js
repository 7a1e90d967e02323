#!/usr/bin/env node
// Fills .cache/schemas/ with every schema pinned in crds/sources.json.
// Source: $SCHEMA_MIRROR/<file> when that variable names a directory, else the upstream URL.
// Every file is checked against its pinned sha256; a mismatch or a missing file stops setup.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, '.cache', 'schemas');
const { schemas } = JSON.parse(fs.readFileSync(path.join(root, 'crds', 'sources.json'), 'utf8'));
const mirror = process.env.SCHEMA_MIRROR ? path.resolve(process.env.SCHEMA_MIRROR) : undefined;

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

async function obtain(entry) {
  if (mirror) {
    const from = path.join(mirror, entry.file);
    if (!fs.existsSync(from)) {
      throw new Error(`schema "${entry.name}": ${from} does not exist in SCHEMA_MIRROR=${mirror}. ` +
        'Point SCHEMA_MIRROR at a directory holding crds/ and k8s-openapi/, or unset it to download.');
    }
    return { bytes: fs.readFileSync(from), origin: from };
  }
  const res = await fetch(entry.url);
  if (!res.ok) throw new Error(`schema "${entry.name}": GET ${entry.url} answered ${res.status}. ` +
    'Set SCHEMA_MIRROR to a local copy when offline.');
  return { bytes: Buffer.from(await res.arrayBuffer()), origin: entry.url };
}

async function main() {
  let fetched = 0;
  for (const entry of schemas) {
    const target = path.join(cacheDir, entry.file);
    if (fs.existsSync(target) && sha256(fs.readFileSync(target)) === entry.sha256) continue;
    const { bytes, origin } = await obtain(entry);
    const actual = sha256(bytes);
    if (actual !== entry.sha256) {
      throw new Error(`schema "${entry.name}": sha256 of ${origin} is ${actual}, crds/sources.json pins ${entry.sha256}. ` +
        'The upstream file changed or the mirror is wrong; re-pin deliberately after reviewing the upstream change.');
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target + '.tmp', bytes);
    fs.renameSync(target + '.tmp', target);
    fetched++;
  }
  console.log(`schemas: ${schemas.length} pinned, ${fetched} fetched, all sha256 verified in .cache/schemas`);
}

main().catch((err) => { console.error(`fetch-schemas: ${err.message}`); process.exit(1); });
