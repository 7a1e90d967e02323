import * as path from 'path';
import { PLATFORMS } from '../platforms';
import { synth } from '../synth/run';

/** The committed dist/ must be exactly what the spec synthesizes, so reviewers read the real change. */
test('committed dist/ equals a fresh synth of every shipped platform', () => {
  const result = synth({ platforms: PLATFORMS, outdir: path.join(__dirname, '..', 'dist'), check: true, complete: true });
  if (result.stale.length > 0) {
    throw new Error(`dist/ is stale; run \`npm run synth\` and commit. Differing files:\n${result.stale.join('\n')}`);
  }
  expect(result.files.size).toBeGreaterThan(PLATFORMS.length * 3);
});
