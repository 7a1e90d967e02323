/**
 * `npm run test:kafka`: the Kafka wiring against a real Apache Kafka broker (test/ files named *.broker.test.ts),
 * which the default config leaves out: starting a JVM broker takes longer than a unit suite should.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.broker.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // folders made with tempDir (test/temp-dirs.ts) are removed after each file
  setupFilesAfterEnv: ['<rootDir>/test/remove-temp-dirs.ts'],
  maxWorkers: 1,
  testTimeout: 180 * 1000,
};
