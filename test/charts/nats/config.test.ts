import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allObjects, find, synthShipped } from '../../helpers';
import { natsConfOf, natsObjects, pinnedNatsServer } from './fixtures';
import { NATS_IMAGE } from '../../../charts/nats/images';

const prodConf = () => natsConfOf(synthShipped('deltran-mvp', 'prod').get('nats')!, 'deltran-events');

describe('nats.conf', () => {
  test('routes name every ordinal over the headless Service, in the cluster named by the spec', () => {
    const conf = prodConf();
    for (const i of [0, 1, 2]) {
      expect(conf).toContain(`"nats://deltran-events-${i}.deltran-events-headless.deltran.svc.cluster.local:6222"`);
    }
    expect(conf).not.toContain('deltran-events-3.');
    expect(conf).toMatch(/cluster \{\n {2}name: "deltran-events"\n {2}host: \$NATS_LISTEN_HOST\n {2}port: 6222\n/);
  });

  test('server_name and listen address come from the environment', () => {
    const conf = prodConf();
    expect(conf).toMatch(/^server_name: \$POD_NAME$/m);
    expect(conf).toMatch(/^host: \$NATS_LISTEN_HOST$/m);
    const sts = find(synthShipped('deltran-mvp', 'prod').get('nats')!, 'StatefulSet', 'deltran-events');
    const env = sts.spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NATS_LISTEN_HOST', value: '0.0.0.0' },
    ]));
  });

  test('JetStream store on the volume with byte limits: memory store, 90% of the volume for files', () => {
    const conf = prodConf();
    expect(conf).toContain('jetstream {\n  store_dir: "/data"\n  max_memory_store: 1073741824\n  max_file_store: 193273528320\n');
    // dev: 10Gi volume
    expect(natsConfOf(synthShipped('deltran-mvp', 'dev').get('nats')!, 'deltran-events')).toContain('max_file_store: 9663676416');
  });

  test('lame duck and pid file for the preStop signal', () => {
    const conf = prodConf();
    expect(conf).toContain('lame_duck_duration: "30s"');
    expect(conf).toContain('lame_duck_grace_period: "10s"');
    expect(conf).toContain('pid_file: "/var/run/nats/nats.pid"');
  });

  test('sync_interval: always only when a stream holds money movements (syncEveryMessage)', () => {
    const stream = { subjects: ['pay.>'] };
    expect(natsConfOf(natsObjects({ streams: { PAY: stream } }))).not.toContain('sync_interval');
    const conf = natsConfOf(natsObjects({ streams: { PAY: { ...stream, syncEveryMessage: true }, LOGS: { subjects: ['logs.>'] } } }));
    expect(conf).toMatch(/jetstream \{\n[^}]*\n {2}sync_interval: always\n\}/);
    // deltran-mvp: SETTLEMENT and AUDIT
    expect(prodConf()).toContain('sync_interval: always');
  });

  test('a single server runs standalone: no cluster block', () => {
    expect(natsConfOf(synthShipped('deltran-mvp', 'dev').get('nats')!, 'deltran-events')).not.toContain('cluster {');
  });

  test('auth include sits beside nats.conf; TLS block points at the mounted Secret', () => {
    const conf = natsConfOf(natsObjects({ authSecret: { name: 'nats-auth', key: 'auth.conf' }, tlsSecret: 'nats-tls' }));
    expect(conf).toContain('include "auth.conf"');
    expect(conf).toContain('tls {\n  cert_file: "/etc/nats-tls/tls.crt"\n  key_file: "/etc/nats-tls/tls.key"\n  timeout: 2\n}');
    expect(natsConfOf(natsObjects())).not.toMatch(/include|tls \{/);
  });

  test('a different cluster name and size change the routes, not the object names', () => {
    const objects = natsObjects({ name: 'bus', servers: 5, clusterName: 'east' });
    const conf = natsConfOf(objects, 'bus');
    expect(conf).toContain('name: "east"');
    expect(conf).toContain('"nats://bus-4.bus-headless.msg.svc.cluster.local:6222"');
    expect(find(objects, 'StatefulSet', 'bus').spec.replicas).toBe(5);
  });
});

/** A value for every `$NATS_...` variable the accounts name, as the pod's Secrets would set them. */
function accountVariables(conf: string): Record<string, string> {
  return Object.fromEntries([...conf.matchAll(/\$(NATS_[A-Z0-9_]+)/g)].map((m, i) => [m[1], `Pw${i}x${m[1].length}Yz`]));
}

describe('nats-server -t (the pinned version) accepts the generated config', () => {
  const version = () => execFileSync(pinnedNatsServer(), ['--version'], { encoding: 'utf8' }).trim();
  const check = (conf: string, files: Record<string, string> = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-conf-'));
    try {
      fs.writeFileSync(path.join(dir, 'nats.conf'), conf);
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      return execFileSync(pinnedNatsServer(), ['-t', '-c', path.join(dir, 'nats.conf')], {
        env: { ...process.env, POD_NAME: 'nats-0', NATS_LISTEN_HOST: '127.0.0.1', ...accountVariables(conf) }, encoding: 'utf8', stdio: 'pipe',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  test('clustered (deltran-mvp prod, with sync_interval: always) and standalone (dev)', () => {
    expect(version()).toBe(`nats-server: v${NATS_IMAGE.replace(/^nats:|-alpine$/g, '')}`);
    expect(prodConf()).toContain('  sync_interval: always\n');
    expect(() => check(prodConf())).not.toThrow();
    const dev = allObjects(synthShipped('deltran-mvp', 'dev')).find((o) => o.metadata?.name === 'deltran-events-config')!;
    expect(() => check(dev.data['nats.conf'])).not.toThrow();
  });

  test('with the auth include', () => {
    const conf = natsConfOf(natsObjects({ authSecret: { name: 'nats-auth', key: 'auth.conf' } }));
    const auth = 'accounts {\n  APP { jetstream: enabled, users: [ { user: app, password: x } ] }\n}\n';
    expect(() => check(conf, { 'auth.conf': auth })).not.toThrow();
  });
});
