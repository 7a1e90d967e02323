#!/usr/bin/env node
// Regenerates imports/ (typed CRD bindings) from the sha256-verified schema cache with
// `cdk8s import`, which reads the list from cdk8s.yaml. Run scripts/fetch-schemas.js first.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cache = path.join(root, '.cache', 'schemas');
if (!fs.existsSync(cache)) {
  console.error('import-crds: .cache/schemas is missing; run `node scripts/fetch-schemas.js` (or `npm run setup`) first');
  process.exit(1);
}
fs.rmSync(path.join(root, 'imports'), { recursive: true, force: true });
const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
execFileSync(cli, ['import', '--no-check-upgrade', '--output', 'imports', '--language', 'typescript'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`imports: ${fs.readdirSync(path.join(root, 'imports')).length} binding files generated from the schema cache`);
