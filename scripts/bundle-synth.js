#!/usr/bin/env node
/**
 * `npm run build`, last step: bundles lib/synth/run.js (the renderer, the validator and every
 * module they load: cdk8s, the charts, the Grafana SDK, ...) into one file, lib/synth/run.bundle.js,
 * which the CLI loads with a V8 code cache (synth/bundle.ts). Loading ~600 modules one by one was
 * most of a warm synth's time. The bundle is an optimisation only: when it is missing or older
 * than lib/synth/run.js (a `tsc` since), the CLI loads lib/synth/run.js as before.
 *
 * Whitespace and syntax are minified (identifiers are not: stack traces keep their names): a
 * third less to read and parse. ASCII only, so the loader can take it as Latin-1, a quarter of
 * the time of decoding UTF-8; esbuild escapes strings, our regular expressions escape themselves.
 */
const path = require('path');
const esbuild = require('esbuild');

const lib = path.join(__dirname, '..', 'lib');
esbuild.buildSync({
  entryPoints: [path.join(lib, 'synth', 'run.js')],
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
