/**
 * `npm run test:live`: scenarios that run the synthesized pods as real local processes (root,
 * Linux namespaces, Debian server packages). Not part of `npm test`: the files are named
 * *.live.ts, which the default config (*.test.ts) never matches. One file at a time.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/live'],
  testMatch: ['**/*.live.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  maxWorkers: 1,
  testTimeout: 15 * 60 * 1000,
  slowTestThreshold: 600,
};
