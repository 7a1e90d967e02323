/**
 * Version moves of the systems that own data on disk: an upgrade across a major version (or a
 * Kafka metadata version) converts the on-disk format, a downgrade meets a format it cannot read.
 * Patch and minor upgrades of one major are rolling and stay quiet; Kafka's are not.
 */
import { ChangedObject } from '../compare';
import { ChangeRule, Danger, danger } from '../danger';

interface DataImage {
  /** postgres, redis, nats, kafka */
  readonly system: string;
  /** The version that decides the on-disk format: the Postgres major for Spilo, else the tag. */
  readonly version: number[];
  readonly text: string;
}

/** Images of data systems by the last segment of their repository; exporters and tools do not match. */
const DATA_REPOS: Array<[RegExp, string]> = [
  [/^spilo-(\d+)$/, 'postgres'], [/^postgres(ql)?$/, 'postgres'], [/^(redis|valkey)$/, 'redis'], [/^nats$/, 'nats'], [/^kafka$/, 'kafka'],
];

export function parseDataImage(image: string): DataImage | undefined {
  const noDigest = image.split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  const slash = noDigest.lastIndexOf('/');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const tag = colon > slash ? noDigest.slice(colon + 1) : 'latest';
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  for (const [pattern, system] of DATA_REPOS) {
    const m = pattern.exec(name);
    if (!m) continue;
    if (m[1] && /^\d+$/.test(m[1])) return { system, version: [Number(m[1])], text: `${name}:${tag}` };
    const v = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(tag);
    return v ? { system, version: v.slice(1).filter((x) => x !== undefined).map(Number), text: `${name}:${tag}` } : undefined;
  }
  return undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const UPGRADE_HOW: Record<string, string> = {
  postgres: 'a new Postgres major does not start on the old data directory: the members crash-loop. Take a backup, then upgrade with pg_upgrade (Spilo: its in-place major upgrade on the primary) or a dump and restore, as its own planned change.',
  redis: 'the new major writes RDB/AOF files the old one cannot read, so there is no way back once a member has rewritten them. Upgrade replicas first, fail over, then the old master; keep a copy of the RDB.',
  nats: 'JetStream\'s store and clustering protocol change with a major version: upgrade one server at a time after reading the release notes, with a backup of the streams (`nats stream backup`).',
  kafka: 'a Kafka upgrade goes through Strimzi: set spec.kafka.version rather than the image, one minor version at a time.',
};

function imageVersions(c: ChangedObject): Danger[] {
  const out: Danger[] = [];
  for (const f of c.changes) {
    if (!/(^|\.)image$/.test(f.path) || typeof f.before !== 'string' || typeof f.after !== 'string') continue;
    const b = parseDataImage(f.before);
    const a = parseDataImage(f.after);
    if (!b || !a || b.system !== a.system) continue;
    const cmp = compareVersions(a.version, b.version);
    if (cmp === 0) continue;
    if (cmp < 0) {
      out.push(danger('data-version-changed', c.after, `${f.path} ${b.text} -> ${a.text} (downgrade)`,
        `an older ${a.system} may not read the files the newer one wrote (data directory, RDB/AOF, JetStream store): members crash-loop or start without their data. Downgrade only from a backup taken on the older version.`));
    } else if (a.version[0] !== b.version[0]) {
      out.push(danger('data-version-changed', c.after, `${f.path} ${b.text} -> ${a.text} (major upgrade)`, UPGRADE_HOW[a.system]));
    }
  }
  return out;
}

/** "4.1.1" -> [4, 1, 1]; "4.1-IV1" -> [4, 1, 1]. */
function kafkaVersion(v: unknown): number[] | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)(?:\.(\d+)|-IV(\d+))?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? m[4] ?? 0)] : undefined;
}

function kafkaVersions(c: ChangedObject): Danger[] {
  if (c.after.id.group !== 'kafka.strimzi.io' || c.after.id.kind !== 'Kafka') return [];
  const b = c.before.object.spec?.kafka ?? {};
  const a = c.after.object.spec?.kafka ?? {};
  const out: Danger[] = [];
  if (b.version !== a.version) {
    const vb = kafkaVersion(b.version);
    const va = kafkaVersion(a.version);
    const down = vb && va && compareVersions(va, vb) < 0;
    out.push(danger('data-version-changed', c.after, `spec.kafka.version ${b.version ?? '(operator default)'} -> ${a.version ?? '(operator default)'}`,
      (a.version === undefined
        ? 'the brokers follow the operator\'s default Kafka version from now on: an operator upgrade rolls every broker onto a new Kafka with no change in Git. '
        : b.version === undefined
          ? `Strimzi rolls every broker onto Kafka ${a.version} if the running version differs (the operator's default until now); ${a.version} must be one the installed Strimzi supports, or the reconciliation fails. `
          : `Strimzi rolls every broker, one at a time, onto Kafka ${a.version}. `) +
      (down ? 'A downgrade works only while metadataVersion is still at or below what the older version supports. ' : '') +
      'Change versions one minor at a time, with metadataVersion unchanged, and raise metadataVersion in a later change once the brokers run well.'));
  }
  if (b.metadataVersion !== a.metadataVersion) {
    const mb = kafkaVersion(b.metadataVersion);
    const ma = kafkaVersion(a.metadataVersion);
    const lower = mb && ma && compareVersions(ma, mb) < 0;
    out.push(danger('data-version-changed', c.after, `spec.kafka.metadataVersion ${b.metadataVersion ?? '(the version\'s default)'} -> ${a.metadataVersion ?? '(the version\'s default)'}`,
      lower
        ? 'Kafka refuses to lower the metadata version when metadata changed between the two (an unsafe downgrade): the update fails. There is no way back from a metadata version once records of it exist.'
        : 'Strimzi raises the cluster\'s KRaft metadata version (kafka-features upgrade): new record formats are written from then on and most metadata versions (4.3 included) cannot be lowered again, so a Kafka downgrade is no longer possible. Raise it only after the brokers run the new Kafka well, as a change of its own.'));
  }
  return out;
}

export const versionRules: ChangeRule[] = [imageVersions, kafkaVersions];
