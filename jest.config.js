/** Tests are TypeScript, compiled by ts-jest; sources are imported from their .ts files. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // real-broker tests run on their own: `npm run test:kafka` (jest.kafka.config.js)
  testPathIgnorePatterns: ['/node_modules/', '\\.broker\\.test\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Jest's default is one worker fewer than the cores: a single worker on two cores, though many
  // suites mostly wait on the real servers they start. One worker per core: on two idle cores
  // 71 s, where two per core took 144 s (three times the system time: the servers starve).
  maxWorkers: '100%',
};
