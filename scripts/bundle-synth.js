#!/usr/bin/env node
/**
 * `npm run build`, last step: bundles lib/synth/run.js (the renderer, the validator and every
 * module they load: cdk8s, the charts, the Grafana SDK, ...) into one file, lib/synth/run.bundle.js,
 * which the CLI loads with a V8 code cache (synth/bundle.ts). Loading ~600 modules one by one was
 * most of a warm synth's time. The bundle is an optimisation only: when it is missing or older
 * than lib/synth/run.js (a `tsc` since), the CLI loads lib/synth/run.js as before.
 *
 * The spec validators the build generated (scripts/compile-spec-validators.js) are bundled too,
 * so their code is in the code cache rather than compiled on each run; the build fails if that
 * module is not the one for the current schema.
 *
 * Whitespace and syntax are minified (identifiers are not: stack traces keep their names): a
 * third less to read and parse. ASCII only, so the loader can take it as Latin-1, a quarter of
 * the time of decoding UTF-8; esbuild escapes strings, our regular expressions escape themselves.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const lib = path.join(root, 'lib');
const validators = require(path.join(lib, 'charts', 'lib', 'spec-validators.js'));
const generated = validators.standalonePath(root);
if (!fs.readFileSync(generated, 'utf8').startsWith(`// ${validators.fingerprint()}\n`)) {
  console.error(`${path.relative(root, generated)} was not generated for the current schema: run scripts/compile-spec-validators.js first`);
  process.exit(1);
}

esbuild.buildSync({
  stdin: {
    contents: [
      `require('./charts/lib/spec-validators.js').useGeneratedValidators(require('./${path.relative(lib, generated)}'));`,
      "module.exports = require('./synth/run.js');",
    ].join('\n'),
    resolveDir: lib,
    sourcefile: 'synth-bundle-entry.js',
  },
  // the generated code's one import of ours: the maxQuantity keyword's check
  alias: { [validators.QUANTITY_MODULE]: path.join(lib, 'charts', 'lib', 'spec-validators.js') },
  outfile: path.join(lib, 'synth', 'run.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  charset: 'ascii',
  minifyWhitespace: true,
  minifySyntax: true,
  // licence comments of bundled packages are in node_modules; the bundle is a build product
  legalComments: 'none',
});
