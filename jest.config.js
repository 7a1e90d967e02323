/** Tests are TypeScript, compiled by ts-jest; sources are imported from their .ts files. */
const os = require('os');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // real-broker tests run on their own: `npm run test:kafka` (jest.kafka.config.js)
  testPathIgnorePatterns: ['/node_modules/', '\\.broker\\.test\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // folders made with tempDir (test/temp-dirs.ts) are removed after each file
  setupFilesAfterEnv: ['<rootDir>/test/remove-temp-dirs.ts'],
  // Jest's default is one worker fewer than the cores: a single worker on two cores, though many
  // suites mostly wait on the real servers they start. Measured on two idle cores: two workers
  // 55 s, three 46-50 s, four 46 s. A percentage above 100 is not read as one (a worker per file).
  maxWorkers: Math.max(1, Math.round(os.availableParallelism() * 1.5)),
};
