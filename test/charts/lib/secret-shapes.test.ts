import { entropyBits, secretReason } from '../../../charts/lib/secret-shapes';

describe('secrets recognised by key and by value shape', () => {
  test.each([
    ['DB_PASSWORD', 'hunter2', /key "DB_PASSWORD" names a credential/],
    ['stripe.api-key', 'x', /names a credential/],
    ['password', 'x', /names a credential/],
    ['AWS_ID', 'AKIAIOSFODNN7EXAMPLE', /AWS access key id/],
    ['TLS_KEY', '-----BEGIN PRIVATE KEY-----\nMIIE...', /PEM/],
    ['GH', `ghp_${'a1B2c3D4e5'.repeat(4)}`, /GitHub token/],
    ['AUTH', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', /JSON Web Token/],
    ['DATABASE_URL', 'postgres://app:s3cret@db:5432/app', /URL with a user and password/],
    ['CONFIG', 'prefix q8Zr1Vx0Lp3Nm7Tb2Kc9Wd4Hs6', /random-looking token/],
  ])('%s is flagged', (key, value, reason) => {
    expect(secretReason(key, value)).toMatch(reason);
  });

  test.each([
    ['tlsSecret', 'edge-tls'],
    ['credentialsSecret', 'deltran-pg-backup-s3'],
    ['image', `ghcr.io/deltran/gateway@sha256:${'0123456789abcdef'.repeat(4)}`],
    ['cloudRole', 'arn:aws:iam::123456789012:role/gateway'],
    ['repoUrl', 'https://github.com/deltran/platform.git'],
    ['LOG_LEVEL', 'info'],
    ['DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@postgres:5432/shop'],
    ['metricsPath', 'PrometheusMetricsEndpointForTheService'],
  ])('%s = %s is not flagged', (key, value) => {
    expect(secretReason(key, value)).toBeUndefined();
  });

  test('only strings are judged: a Secret reference under a credential key is fine', () => {
    expect(secretReason('password', { name: 'db', key: 'password' })).toBeUndefined();
  });

  test('entropy in bits per character', () => {
    expect(entropyBits('aaaa')).toBe(0);
    expect(entropyBits('abcd')).toBe(2);
  });
});
