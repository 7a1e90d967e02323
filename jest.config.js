/** Tests are TypeScript, compiled by ts-jest; sources are imported from their .ts files. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // real-broker tests run on their own: `npm run test:kafka` (jest.kafka.config.js)
  testPathIgnorePatterns: ['/node_modules/', '\\.broker\\.test\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Jest's default is one worker fewer than the cores: a single worker on two cores. Many suites
  // mostly wait on the real servers they start (failovers, health checks), so two workers per core
  // keep the CPUs busy: `npm test` went from 177 s to 81 s on two cores.
  maxWorkers: '200%',
};
