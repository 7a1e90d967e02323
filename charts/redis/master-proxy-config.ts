import { dataStatefulSetName, headlessServiceName, REDIS_PORT, SENTINEL_PORT, sentinelStatefulSetName } from './names';
import { majorityOf, RedisSettings } from './settings';

/**
 * haproxy.cfg of the master proxy behind `<name>-master`. A client connection goes to the data
 * pod that (1) answers ROLE with "master" and (2) a strict majority of all sentinels name as the
 * master of the set; with no such pod the connection is refused. (2) keeps a demoted master that
 * has not noticed yet, or a pod promoted by hand, from taking writes: a majority of sentinels
 * names one pod at a time. Connections to a pod whose role check fails are cut, so clients
 * reconnect to the new master after a failover. The password is read from the environment at
 * check time (REDIS_PASSWORD, from the Secret) and never written to the ConfigMap; it is sent as a
 * RESP array with its length, so any byte sequence works. Only directives of HAProxy 2.6 and
 * later are used (Debian bookworm ships 2.6; the pinned image is newer).
 */

/** Names inside the configuration; the alerts read them from HAProxy's metrics. */
export const PROXY_NAMES = { frontend: 'redis', backend: 'redis_master', stats: 'stats', resolvers: 'cluster' } as const;
/** Backend whose servers are the sentinels, checked for naming data pod `pod` the master. */
export function sentinelVoteBackend(pod: string): string {
  return `sentinels_name_${pod}`;
}

export const PROXY_PORTS = { redis: REDIS_PORT, metrics: 8404 } as const;
/** Health checks run every second; a role change is acted on after two checks agree. */
const CHECK = { intervalSeconds: 1, fall: 2, rise: 2 } as const;
/** Cluster DNS: the first lookup of each server's name, and its retries. */
const RESOLVE = { timeoutSeconds: 1, retries: 3 } as const;
/**
 * HAProxy starts every checked server as up (and one leaving DNS maintenance too), so right after
 * a start it would route to the first data pod whatever its role until `fall` checks have failed
 * (measured with HAProxy 2.6: a replica served). For this long after the start the proxy is not
 * ready and refuses clients: every server has then had `fall` checks, with a second to spare, and
 * with DNS the first lookups their retries. HAProxy 3.1's `init-state down` would do it, but the
 * images this configuration supports start at 2.6.
 */
export function warmUpMs(dnsResolution: boolean): number {
  return 1000 * (CHECK.fall * CHECK.intervalSeconds + 1 + (dnsResolution ? RESOLVE.timeoutSeconds * RESOLVE.retries : 0));
}
/** Idle client connections are closed after an hour (pools reconnect); tune with the clients' idle timeouts. */
const CLIENT_IDLE_TIMEOUT = '1h';
/** Connections one proxy pod accepts; HAProxy allocates buffers per active connection. */
export const PROXY_MAX_CONNECTIONS = 2000;

export interface ProxyEndpoint {
  /** Server name in the configuration (the pod name). */
  readonly name: string;
  /** Address HAProxy connects to (resolved at run time). */
  readonly host: string;
  readonly port: number;
}

export interface ProxyLayout {
  readonly masterSet: string;
  /** Data pods; `announced` is the host:port the sentinels report for that pod when it is master. */
  readonly data: ReadonlyArray<ProxyEndpoint & { readonly announced: { host: string; port: number } }>;
  readonly sentinels: readonly ProxyEndpoint[];
  /** Addresses HAProxy listens on. */
  readonly bind: { readonly redis: string; readonly metrics: string };
  /** Resolve server names through the resolv.conf nameservers at run time (pods change addresses). */
  readonly dnsResolution: boolean;
}

/** The layout in the cluster: every pod by its stable name under the headless Service. */
export function clusterLayout(s: RedisSettings, namespace: string): ProxyLayout {
  const host = (pod: string) => `${pod}.${headlessServiceName(s.name)}.${namespace}.svc.cluster.local`;
  const pods = (base: string, n: number) => Array.from({ length: n }, (_, i) => `${base}-${i}`);
  return {
    masterSet: s.masterSet,
    data: pods(dataStatefulSetName(s.name), s.replicas).map((pod) => ({
      name: pod, host: host(pod), port: REDIS_PORT, announced: { host: host(pod), port: REDIS_PORT },
    })),
    sentinels: pods(sentinelStatefulSetName(s.name), s.sentinels).map((pod) => ({ name: pod, host: host(pod), port: SENTINEL_PORT })),
    bind: { redis: `:${PROXY_PORTS.redis}`, metrics: `:${PROXY_PORTS.metrics}` },
    dnsResolution: true,
  };
}

/** A Redis command as a RESP array, written with HAProxy's escapes. */
function resp(...words: string[]): string {
  return `*${words.length}\\r\\n` + words.map((w) => `\\$${Buffer.byteLength(w)}\\r\\n${w}\\r\\n`).join('');
}

/** The bulk-string pair a sentinel answers to get-master-addr-by-name for this master. */
function masterAnswer(host: string, port: number): string {
  return `\\$${Buffer.byteLength(host)}\\r\\n${host}\\r\\n\\$${String(port).length}\\r\\n${port}\\r\\n`;
}

/** AUTH with the password from the environment: `length` counts bytes, as RESP does. */
const AUTH_CHECK = [
  '  tcp-check send-lf "*2\\r\\n\\$4\\r\\nAUTH\\r\\n\\$%[env(REDIS_PASSWORD),length]\\r\\n%[env(REDIS_PASSWORD)]\\r\\n"',
  '  tcp-check expect string +OK',
];

export function haproxyConfig(layout: ProxyLayout): string {
  const quorum = majorityOf(layout.sentinels.length);
  const server = (e: ProxyEndpoint, extra: string) => `  server ${e.name} ${e.host}:${e.port} check inter ${CHECK.intervalSeconds}s ${extra}` +
    (layout.dnsResolution ? ` resolvers ${PROXY_NAMES.resolvers} init-addr none` : '');
  const warmingUp = `{ date(0,ms),sub(proc.started) lt ${warmUpMs(layout.dnsResolution)} }`;
  const routable = (pod: string) => `{ srv_is_up(${PROXY_NAMES.backend}/${pod}) } { nbsrv(${sentinelVoteBackend(pod)}) ge ${quorum} }`;
  const lines = [
    '# Generated: the master proxy of Redis master set ' + layout.masterSet + ' (see charts/redis/master-proxy-config.ts).',
    'global',
    '  log stderr format raw local0 notice',
    // the start time, in milliseconds, for the warm-up below
    '  set-var proc.started date(0,ms)',
    `  maxconn ${PROXY_MAX_CONNECTIONS}`,
    '',
    'defaults',
    '  mode tcp',
    '  log global',
    // a failed connect (the demoted master's pod gone, its address silent) is retried once and
    // then sent to a server that passes the checks, within about two seconds, instead of holding
    // the client (measured on the test cluster: a client hung 60 s on the old master's address)
    '  timeout connect 1s',
    '  retries 1',
    '  option redispatch 1',
    '  timeout queue 2s',
    `  timeout client ${CLIENT_IDLE_TIMEOUT}`,
    `  timeout server ${CLIENT_IDLE_TIMEOUT}`,
    '  timeout check 2s',
    // idle connections to a peer that vanished without a reset are found by keepalive probes
    '  option tcpka',
    '  clitcpka-idle 30s',
    '  clitcpka-intvl 5s',
    '  clitcpka-cnt 3',
    '  srvtcpka-idle 10s',
    '  srvtcpka-intvl 2s',
    '  srvtcpka-cnt 3',
    '',
  ];
  if (layout.dnsResolution) {
    lines.push(
      // pods keep their names but not their addresses: re-resolve while running
      `resolvers ${PROXY_NAMES.resolvers}`,
      '  parse-resolv-conf',
      `  resolve_retries ${RESOLVE.retries}`,
      `  timeout resolve ${RESOLVE.timeoutSeconds}s`,
      `  timeout retry ${RESOLVE.timeoutSeconds}s`,
      '  hold valid 5s',
      '',
    );
  }
  lines.push(
    `frontend ${PROXY_NAMES.frontend}`,
    `  bind ${layout.bind.redis}`,
    `  tcp-request connection reject if ${warmingUp}`,
    // refuse rather than guess: only a pod that is master and named by a majority of sentinels is served
    `  tcp-request connection reject unless ${layout.data.map((d) => routable(d.name)).join(' or ')}`,
    `  default_backend ${PROXY_NAMES.backend}`,
    '',
    `backend ${PROXY_NAMES.backend}`,
    '  option tcp-check',
    '  tcp-check connect',
    ...AUTH_CHECK,
    `  tcp-check send "${resp('ROLE')}"`,
    `  tcp-check expect rstring ^\\*[0-9]+\\r\\n\\$6\\r\\nmaster\\r\\n`,
    ...layout.data.map((d) => `  use-server ${d.name} if ${routable(d.name)}`),
    // a demoted master's clients are disconnected, so they reconnect to the new one
    ...layout.data.map((d) => server(d, `fall ${CHECK.fall} rise ${CHECK.rise} on-marked-down shutdown-sessions`)),
    '',
  );
  for (const d of layout.data) {
    lines.push(
      `backend ${sentinelVoteBackend(d.name)}`,
      '  option tcp-check',
      '  tcp-check connect',
      ...AUTH_CHECK,
      `  tcp-check send "${resp('SENTINEL', 'get-master-addr-by-name', layout.masterSet)}"`,
      `  tcp-check expect string "${masterAnswer(d.announced.host, d.announced.port)}"`,
      ...layout.sentinels.map((e) => server(e, 'fall 1 rise 1')),
      '',
    );
  }
  lines.push(
    `frontend ${PROXY_NAMES.stats}`,
    '  mode http',
    `  bind ${layout.bind.metrics}`,
    '  timeout client 10s',
    '  monitor-uri /healthz',
    `  monitor fail if ${warmingUp}`,
    '  http-request use-service prometheus-exporter if { path /metrics }',
  );
  return lines.join('\n') + '\n';
}
