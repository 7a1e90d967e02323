import { ENV, LAME_DUCK, PATHS, PORTS } from './layout';
import { accountsConf, NatsAccounts } from './auth';
import { NatsSettings } from './settings';

/**
 * nats.conf for every server of the cluster: one file, the per-pod values come from the
 * environment (`$POD_NAME`, `$NATS_LISTEN_HOST`; NATS substitutes unquoted `$VAR`). Only syntax
 * that nats-server 2.10 accepts as well as 2.11, so a rolling update between them reads it:
 * byte sizes are plain integers, durations quoted strings, includes relative (NATS resolves them
 * beside this file, never from `/`).
 */
export function natsConf(s: NatsSettings, accounts?: NatsAccounts): string {
  const lines: string[] = [
    `# NATS server configuration of ${s.name}; generated, edit the platform spec instead.`,
    `server_name: $${ENV.podName}`,
    `host: $${ENV.listenHost}`,
    `port: ${PORTS.client}`,
    `http_port: ${PORTS.monitor}`,
    `pid_file: "${PATHS.pidFile}"`,
    `lame_duck_duration: "${LAME_DUCK.duration}"`,
    `lame_duck_grace_period: "${LAME_DUCK.gracePeriod}"`,
    '',
    'jetstream {',
    `  store_dir: "${PATHS.storeDir}"`,
    `  max_memory_store: ${s.maxMemoryStoreBytes}`,
    `  max_file_store: ${s.maxFileStoreBytes}`,
    ...(s.syncAlways ? ['  # a stream holds money movements (syncEveryMessage): every write is on disk before its ack', '  sync_interval: always'] : []),
    '}',
  ];
  if (s.servers > 1) {
    lines.push(
      '',
      'cluster {',
      `  name: "${s.clusterName}"`,
      `  host: $${ENV.listenHost}`,
      `  port: ${PORTS.cluster}`,
      '  routes: [',
      ...s.routes.map((r) => `    "${r}"`),
      '  ]',
      '}',
    );
  }
  if (s.spec.tlsSecret !== undefined) {
    lines.push(
      '',
      'tls {',
      `  cert_file: "${PATHS.tlsDir}/tls.crt"`,
      `  key_file: "${PATHS.tlsDir}/tls.key"`,
      '  timeout: 2',
      '}',
    );
  }
  if (accounts) lines.push('', ...accountsConf(accounts));
  else if (s.spec.authSecret !== undefined) lines.push('', `include "${PATHS.authFile}"`);
  return lines.join('\n') + '\n';
}
