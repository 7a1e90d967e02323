import { SpecError } from '../../../charts/lib/errors';
import { RedisSpec } from '../../../charts/spec';
import { synthSpec } from '../../helpers';

const base: RedisSpec = { passwordSecret: { name: 'redis', key: 'password' }, storage: { size: '1Gi' } };

function problems(redis: Partial<RedisSpec>): string {
  try {
    synthSpec({ namespace: 'ns', redis: { ...base, ...redis } as RedisSpec });
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).message;
  }
  return '';
}

describe('redis spec checks', () => {
  test('the defaults and a single data pod with three sentinels are valid', () => {
    expect(problems({})).toBe('');
    expect(problems({ replicas: 1, sentinels: 3 })).toBe('');
  });

  test('an even or too small sentinel count is refused, explaining the majority', () => {
    expect(problems({ sentinels: 4 })).toMatch(/redis\.sentinels: received 4; expected an odd number of sentinels, at least 3\. Fix: .*majority/);
    expect(problems({ sentinels: 1 })).toMatch(/redis\.sentinels: received 1/);
    expect(problems({ sentinels: 5 })).toBe('');
  });

  test('quorum must be between 1 and the number of sentinels', () => {
    expect(problems({ quorum: 4 })).toMatch(/redis\.quorum: received 4; expected at most the number of sentinels \(3\)\. Fix: lower quorum to 2/);
    expect(problems({ quorum: 0 })).toMatch(/redis\.quorum: received 0; expected an integer from 1 to 3/);
    expect(problems({ sentinels: 5, quorum: 4 })).toBe('');
  });

  test('replicas below 1 are refused', () => {
    expect(problems({ replicas: 0 })).toMatch(/redis\.replicas: received 0; expected an integer >= 1/);
  });

  test('unknown eviction policies are refused', () => {
    expect(problems({ evictionPolicy: 'lru' as never })).toMatch(/redis\.evictionPolicy: received "lru"; expected one of "noeviction", "allkeys-lru"/);
  });

  test('maxmemory must be a Redis size', () => {
    expect(problems({ maxmemory: '2Gi' })).toMatch(/redis\.maxmemory: received "2Gi"; expected a Redis size .*Fix: .*"2gb"/);
    expect(problems({ maxmemory: '0' })).toMatch(/redis\.maxmemory: received "0"/);
    expect(problems({ maxmemory: '512mb' })).toBe('');
    expect(problems({ maxmemory: '2GB' })).toBe('');
  });

  test('maxmemory above 60% of the container memory is refused: forks need copy-on-write headroom', () => {
    expect(problems({ maxmemory: '2gb', resources: { memoryRequest: '2Gi' } }))
      .toMatch(/redis\.resources\.memoryRequest: received "2Gi"; expected at least 3414Mi: maxmemory \(2gb\) may take at most 60%.*fork.*OOM-killed/);
    // 2 GiB of 3 GiB is 67%: the old 1.5x headroom is no longer enough
    expect(problems({ maxmemory: '2gb', resources: { memoryRequest: '3Gi' } })).toMatch(/expected at least 3414Mi/);
    expect(problems({ maxmemory: '2gb', resources: { memoryRequest: '3414Mi' } })).toBe('');
    expect(problems({ maxmemory: '12gb', resources: { memoryRequest: '16Gi', memoryLimit: '20Gi' } })).toBe('');
  });

  test('minReplicasToWrite must stay below the number of data pods', () => {
    expect(problems({ minReplicasToWrite: 3 })).toMatch(/redis\.minReplicasToWrite: received 3; expected an integer from 0 to 2\. Fix: set minReplicasToWrite below the number of data pods \(3/);
    expect(problems({ replicas: 1, minReplicasToWrite: 1 })).toMatch(/expected an integer from 0 to 0/);
    expect(problems({ minReplicasToWrite: 2 })).toBe('');
  });

  test('bad save entries are refused one by one', () => {
    const message = problems({ save: ['900 1', '300', 'every minute', '0 5'] });
    expect(message).toMatch(/redis\.save\[1\]: received "300"; expected a save point "<seconds> <changes>"/);
    expect(message).toMatch(/redis\.save\[2\]: received "every minute"/);
    expect(message).toMatch(/redis\.save\[3\]: received "0 5"/);
    expect(message).not.toMatch(/save\[0\]/);
    expect(problems({ save: [] })).toBe('');
  });

  test('names, master set, sentinel knobs and the secret reference are checked', () => {
    expect(problems({ name: '1cache' })).toMatch(/redis\.name: received "1cache"; expected a DNS-1035 label/);
    expect(problems({ masterSet: 'my master' })).toMatch(/redis\.masterSet: received "my master"/);
    expect(problems({ downAfterMilliseconds: 10 })).toMatch(/redis\.downAfterMilliseconds: received 10/);
    expect(problems({ parallelSyncs: 0 })).toMatch(/redis\.parallelSyncs: received 0/);
    expect(problems({ passwordSecret: { name: 'Bad_Name', key: 'password' } })).toMatch(/redis\.passwordSecret\.name/);
  });

  test('master proxy: on/off flag, at least one replica, an image reference, quantities', () => {
    expect(problems({ masterProxy: { enabled: false } })).toBe('');
    expect(problems({ masterProxy: { replicas: 0 } })).toMatch(/redis\.masterProxy\.replicas: received 0; expected an integer >= 1\. Fix: set masterProxy\.replicas to at least 1/);
    expect(problems({ masterProxy: { enabled: 'yes' as unknown as boolean } })).toMatch(/redis\.masterProxy\.enabled: received "yes"; expected one of true, false/);
    expect(problems({ masterProxy: { image: 'haproxy latest' } })).toMatch(/redis\.masterProxy\.image: received "haproxy latest"; expected an HAProxy image reference/);
    expect(problems({ masterProxy: { resources: { memoryRequest: 'lots' } } })).toMatch(/redis\.masterProxy\.resources\.memoryRequest: received "lots"/);
  });
});
