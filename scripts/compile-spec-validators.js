#!/usr/bin/env node
// Writes ajv's standalone validation code for platform.schema.json into lib/ (after tsc), so synth
// loads the spec validators instead of compiling the schema on every run. Skipped when the module
// on disk was generated for the same schema, ajv and generator (its first line says which).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const validators = require(path.join(root, 'lib', 'charts', 'lib', 'spec-validators.js'));

const out = validators.standalonePath(root);
let current = '';
try {
  current = fs.readFileSync(out, 'utf8').slice(0, 80);
} catch {
  // absent: generate it
}
if (!current.startsWith(`// ${validators.fingerprint()}\n`)) {
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, validators.standaloneSource());
  fs.renameSync(tmp, out);
}
