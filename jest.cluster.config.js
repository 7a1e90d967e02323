/**
 * `npm run test:cluster`: tests against the real single-node cluster that cluster/test.sh brings
 * up (root). Files are test/cluster/*.cluster.ts, which the default config never matches.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  maxWorkers: 1,
  testTimeout: 20 * 60 * 1000,
  slowTestThreshold: 600,
  // platforms.cluster.ts brings two environments up side by side (its tests are concurrent)
  maxConcurrency: 2,
  // every failure's message again after the run, where a log cut to its head and tail still shows it
  reporters: [['default', { summaryThreshold: 0 }]],
};
