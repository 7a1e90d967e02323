import { checkInt, checkOneOf, checkQuantity, checkResources, checkSecretRef } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { DEFAULT_SENTINELS } from '../lib/redis-access';
import { PlatformSpec, RedisSpec } from '../spec';
import { MAX_NAME_LENGTH } from './names';
import { defaultDataMemory, DEFAULT_REPLICAS, EVICTION_POLICIES, majorityOf, MAX_MEMORY_SHARE } from './settings';
import { mebibytes, quantityBytes, redisBytes } from './sizes';

/**
 * Spec checks for `redis`. Each problem names the value, what Redis or Sentinel would do with it,
 * and the fix.
 */

/** Service names are DNS-1035 labels, so the name must start with a letter. */
const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const MASTER_SET = /^[A-Za-z0-9._-]{1,64}$/;
const SAVE_POINT = /^\s*[1-9][0-9]*\s+[1-9][0-9]*\s*$/;

export function checkRedis(c: ProblemCollector, spec: PlatformSpec): void {
  const redis = spec.redis;
  if (!redis) return;
  const r = c.at('redis');
  if (redis.name !== undefined && (typeof redis.name !== 'string' || redis.name.length > MAX_NAME_LENGTH || !NAME.test(redis.name))) {
    r.add('name', redis.name, `a DNS-1035 label of at most ${MAX_NAME_LENGTH} characters (lowercase letters, digits, '-', starting with a letter), because Service and StatefulSet names are built from it`,
      'rename it, e.g. "cache"; renaming an existing instance creates new, empty volumes');
  }
  checkInt(r, 'replicas', redis.replicas, 1, Number.MAX_SAFE_INTEGER,
    'set replicas to at least 1 (the master); 3 gives a master and two replicas to fail over to');
  checkMembership(r, redis);
  const dataPods = typeof redis.replicas === 'number' ? redis.replicas : DEFAULT_REPLICAS;
  checkInt(r, 'minReplicasToWrite', redis.minReplicasToWrite, 0, Math.max(0, dataPods - 1),
    `set minReplicasToWrite below the number of data pods (${dataPods}, the master included), e.g. 1; with as many as there are replicas, one replica down stops every write, and more can never be met`);
  if (redis.masterSet !== undefined && (typeof redis.masterSet !== 'string' || !MASTER_SET.test(redis.masterSet))) {
    r.add('masterSet', redis.masterSet, 'a Sentinel master name of letters, digits, ".", "_" or "-" (at most 64 characters)',
      'use a simple name such as "mymaster"; clients ask Sentinel for the master by this name');
  }
  checkMemory(r, redis);
  checkSave(r, redis.save);
  checkInt(r, 'downAfterMilliseconds', redis.downAfterMilliseconds, 100, Number.MAX_SAFE_INTEGER,
    'set downAfterMilliseconds to the milliseconds a master may be unreachable before sentinels act, e.g. 5000');
  checkInt(r, 'failoverTimeout', redis.failoverTimeout, 1000, Number.MAX_SAFE_INTEGER,
    'set failoverTimeout in milliseconds, e.g. 60000');
  checkInt(r, 'parallelSyncs', redis.parallelSyncs, 1, Number.MAX_SAFE_INTEGER,
    'set parallelSyncs to the number of replicas that may resync from a new master at once, e.g. 1');
  checkSecretRef(r, 'passwordSecret', redis.passwordSecret);
  if (!redis.storage?.size) r.add('storage.size', redis.storage?.size, 'the size of each data volume, e.g. "10Gi"', 'set storage: { size: "10Gi" }');
  checkQuantity(r, 'storage.size', redis.storage?.size);
  checkQuantity(r, 'sentinelStorage.size', redis.sentinelStorage?.size);
  checkResources(r, 'resources', redis.resources);
  checkResources(r, 'sentinelResources', redis.sentinelResources);
  checkMasterProxy(r, redis);
}

function checkMasterProxy(r: ProblemCollector, redis: RedisSpec): void {
  const proxy = redis.masterProxy;
  if (proxy === undefined) return;
  checkOneOf(r, 'masterProxy.enabled', proxy.enabled, [true, false]);
  checkInt(r, 'masterProxy.replicas', proxy.replicas, 1, Number.MAX_SAFE_INTEGER,
    'set masterProxy.replicas to at least 1; 2 keeps <name>-master up while one proxy pod restarts');
  if (proxy.image !== undefined && (typeof proxy.image !== 'string' || !proxy.image || /\s/.test(proxy.image))) {
    r.add('masterProxy.image', proxy.image, 'an HAProxy image reference with a version tag (2.6 or later), e.g. "haproxy:3.2.6"', 'set the image your registry mirrors, or remove it for the pinned one');
  }
  checkResources(r, 'masterProxy.resources', proxy.resources);
}

/** Sentinel count and quorum: a failover needs a majority of all sentinels to elect a leader. */
function checkMembership(r: ProblemCollector, redis: RedisSpec): void {
  const sentinels = redis.sentinels;
  if (sentinels !== undefined) {
    if (typeof sentinels !== 'number' || !Number.isInteger(sentinels) || sentinels < 3 || sentinels % 2 === 0) {
      r.add('sentinels', sentinels, 'an odd number of sentinels, at least 3',
        'use 3 or 5: a failover must be authorized by a majority of all sentinels, so fewer than 3 cannot survive losing one, ' +
        'and an even count adds no tolerance (4 sentinels need 3 votes and survive 1 loss, exactly like 3)');
      return;
    }
  }
  const count = sentinels ?? DEFAULT_SENTINELS;
  const quorum = redis.quorum;
  if (quorum === undefined) return;
  if (typeof quorum !== 'number' || !Number.isInteger(quorum) || quorum < 1) {
    r.add('quorum', quorum, `an integer from 1 to ${count} (the sentinels that must agree the master is down)`,
      `leave quorum unset for the majority (${majorityOf(count)} of ${count})`);
  } else if (quorum > count) {
    r.add('quorum', quorum, `at most the number of sentinels (${count})`,
      `lower quorum to ${majorityOf(count)} (the majority) or raise sentinels; with more votes needed than sentinels exist, no failover can ever start`);
  }
}

function checkMemory(r: ProblemCollector, redis: RedisSpec): void {
  checkOneOf(r, 'evictionPolicy', redis.evictionPolicy, EVICTION_POLICIES);
  if (redis.maxmemory === undefined) return;
  const bytes = typeof redis.maxmemory === 'string' ? redisBytes(redis.maxmemory) : undefined;
  if (!bytes) {
    r.add('maxmemory', redis.maxmemory, 'a Redis size greater than 0 such as "512mb" or "2gb" (kb/mb/gb are powers of 1024)',
      'write the size with a Redis unit, e.g. "2gb" (not the Kubernetes "2Gi"), or leave maxmemory unset for no limit');
    return;
  }
  const limit = redis.resources?.memoryLimit ?? redis.resources?.memoryRequest ?? defaultDataMemory(redis.maxmemory);
  const limitBytes = quantityBytes(limit);
  if (limitBytes !== undefined && bytes > limitBytes * MAX_MEMORY_SHARE) {
    const path = redis.resources?.memoryLimit ? 'resources.memoryLimit' : 'resources.memoryRequest';
    const needed = mebibytes(bytes / MAX_MEMORY_SHARE);
    r.add(path, limit, `at least ${needed}: maxmemory (${redis.maxmemory}) may take at most ${MAX_MEMORY_SHARE * 100}% of the container's memory, because RDB saves, AOF rewrites and replica full syncs fork Redis and copy-on-write can need up to the dataset again; a fork over the limit gets the pod OOM-killed mid-save`,
      `raise the memory to ${needed} or more, or lower maxmemory`);
  }
}

function checkSave(r: ProblemCollector, save: unknown): void {
  if (save === undefined) return;
  if (!Array.isArray(save)) {
    r.add('save', save, 'a list of RDB save points "<seconds> <changes>"', 'write e.g. ["900 1", "300 10"], or [] to disable RDB snapshots');
    return;
  }
  save.forEach((point, i) => {
    if (typeof point !== 'string' || !SAVE_POINT.test(point)) {
      r.add(`save[${i}]`, point, 'a save point "<seconds> <changes>" with two positive integers, e.g. "900 1" (snapshot after 900 s if at least 1 key changed)',
        'write each save point as one string of two numbers, or use [] to disable RDB snapshots');
    }
  });
}


