/** Tests are TypeScript, compiled by ts-jest; sources are imported from their .ts files. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // live tests start real servers; they run with `npm run test:live` (jest.live.config.js)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/live/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
