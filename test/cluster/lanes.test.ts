/**
 * The cluster suite's lanes (test/cluster/<platform>.cluster.ts) between them cover every shipped
 * platform: each lane brings its platform up and runs its manifests through both API servers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PLATFORMS } from '../../platforms';

const LANE_DIR = __dirname;
const lanes = fs.readdirSync(LANE_DIR).filter((f) => f.endsWith('.cluster.ts'));

test.each(PLATFORMS.map((p) => p.name))('%s has a lane that brings it up and dry-runs it', (platform) => {
  const file = `${platform}.cluster.ts`;
  expect(lanes).toContain(file);
  const text = fs.readFileSync(path.join(LANE_DIR, file), 'utf8');
  expect(text).toContain(`platformComesUp('${platform}');`);
  expect(text).toContain(`dryRunAccepted('${platform}');`);
});

test('every lane is a shipped platform (the lane sequencer orders them by name)', () => {
  const names = PLATFORMS.map((p) => p.name);
  expect(lanes.map((f) => f.replace(/\.cluster\.ts$/, '')).sort()).toEqual([...names].sort());
  const { LONGEST_FIRST } = require('./lane-sequencer.js');
  expect([...LONGEST_FIRST].sort()).toEqual([...names].sort());
});
