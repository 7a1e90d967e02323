/**
 * `npm run test:cluster`: tests against the real single-node cluster that cluster/test.sh brings
 * up (root). Files are test/cluster/*.cluster.ts, which the default config never matches: one lane
 * per shipped platform, each in namespaces no other lane touches, so that lanes run side by side
 * (most of a scenario is waiting: for pods, probes, scrapes, failovers).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // lanes at once; each fits its pods' requests into 0.8 / maxWorkers of the node (test/cluster/kube.ts)
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/cluster/lane-sequencer.js',
  testTimeout: 20 * 60 * 1000,
  slowTestThreshold: 600,
  // every failure's message again after the run, where a log cut to its head and tail still shows it
  reporters: [['default', { summaryThreshold: 0 }]],
};
