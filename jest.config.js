/** Tests are TypeScript, compiled by ts-jest; sources are imported from their .ts files. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // real-broker tests run on their own: `npm run test:kafka` (jest.kafka.config.js)
  testPathIgnorePatterns: ['/node_modules/', '\\.broker\\.test\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
