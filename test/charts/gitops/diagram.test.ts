import { DATA_PORTS, kindCounts, renderEnvironmentReadme } from '../../../charts/gitops/diagram';
import { resolveSpec, synthEnvironment } from '../../../charts/platform';
import { PlatformSpec } from '../../../charts/spec';
import { PLATFORMS } from '../../../platforms';

function shipped(platform: string, env: string) {
  const def = PLATFORMS.find((p) => p.name === platform)!;
  const spec = resolveSpec(def, env);
  const files = synthEnvironment(def, env).files;
  return { spec, files, readme: renderEnvironmentReadme(platform, env, spec, files) };
}

function mermaid(readme: string): string[] {
  const start = readme.indexOf('```mermaid\n');
  return readme.slice(start + 11, readme.indexOf('\n```', start)).split('\n').map((l) => l.trim());
}

describe('renderEnvironmentReadme (deltran-mvp prod)', () => {
  const { spec, files, readme } = shipped('deltran-mvp', 'prod');
  const chart = mermaid(readme);

  test('title, namespace and a Mermaid flowchart', () => {
    expect(readme.startsWith('# deltran-mvp / prod\n')).toBe(true);
    expect(readme).toContain('namespace `deltran`');
    expect(chart[0]).toBe('flowchart LR');
  });

  test('files placed outside the namespace are named with theirs', () => {
    expect(readme).toContain('Every object lives in namespace `deltran`, except those of `edge-rate-limit.k8s.yaml` (in `istio-system`), applied by ArgoCD');
    expect(shipped('recon', 'prod').readme).toContain('Every object lives in namespace `recon`, applied by ArgoCD');
  });

  test('the edge routes each prefix to its service and port', () => {
    expect(chart).toContain('ingress{{"Istio Gateway<br/>api.deltran.example.com<br/>HTTPS"}}');
    expect(chart).toContain('ingress -->|"/api/v1/ → http 8080"| svc_gateway');
    expect(chart).toContain('ingress -->|"/ws → ws 8089"| svc_notification_engine');
  });

  test('one arrow per talksTo entry: to data components with their client port, to services with theirs', () => {
    for (const [name, svc] of Object.entries(spec.services!)) {
      for (const target of svc.talksTo ?? []) {
        const arrow = chart.find((l) => l.startsWith(`svc_${name.replace(/-/g, '_')} -->`) && l.endsWith(` ${target in DATA_PORTS ? target : `svc_${target.replace(/-/g, '_')}`}`));
        expect(arrow).toBeDefined();
      }
    }
    expect(chart).toContain('svc_gateway -->|"tcp 5432"| postgres');
    expect(chart).toContain('svc_gateway -->|"tcp 26379 Sentinel, 6379"| redis');
    expect(chart).toContain('svc_gateway -->|"http 8085, grpc 50055"| svc_clearing_engine');
    expect(chart).not.toContain('svc_reporting_engine -->|"tcp 26379 Sentinel, 6379"| redis');
    const arrows = chart.filter((l) => /^svc_\S+ -->/.test(l));
    expect(arrows).toHaveLength(Object.values(spec.services!).reduce((n, s) => n + (s.talksTo?.length ?? 0), 0));
  });

  test('data components sit in a subgraph with their size', () => {
    const start = chart.indexOf('subgraph data["Data components"]');
    expect(start).toBeGreaterThan(0);
    const block = chart.slice(start, chart.indexOf('end', start));
    expect(block).toContain('postgres[("deltran-db<br/>Postgres 15, 3 members, synchronous<br/>PgBouncer transaction pool<br/>200Gi each")]');
    expect(block.some((l) => l.startsWith('nats[("deltran-events<br/>NATS JetStream 3 servers<br/>8 streams'))).toBe(true);
    expect(block.some((l) => l.startsWith('redis[('))).toBe(true);
  });

  test('mesh and edge notes', () => {
    expect(readme).toContain('namespace-wide mTLS `STRICT`');
    expect(readme).toContain('**Edge**: `api.deltran.example.com` (TLS from Secret `deltran-edge-tls`, client certificates required, TLS 1.3+); routes `/api/v1/` → gateway, `/ws` → notification-engine, `/health` → gateway.');
  });

  test('a row per file with its wave and the count of each kind', () => {
    for (const f of files) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${f.file}.k8s.yaml\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(kindCounts(f.objects));
    }
    expect(readme).toContain('| `namespace.k8s.yaml` | -10 | never pruned | Namespace 1, NetworkPolicy 1, PeerAuthentication 1 |');
  });

  test('deterministic', () => {
    expect(shipped('deltran-mvp', 'prod').readme).toBe(readme);
  });

  test('the client ports on the arrows are ports the components\' Services expose', () => {
    const servicePorts = files.filter((f) => ['postgres', 'pgbouncer', 'redis', 'nats'].includes(f.file))
      .flatMap((f) => f.objects.filter((o: any) => o.kind === 'Service').flatMap((o: any) => o.spec.ports.map((p: any) => p.port)));
    for (const port of [5432, 6379, 26379, 4222]) expect(servicePorts).toContain(port);
  });
});

describe('renderEnvironmentReadme variants', () => {
  test('Kafka producers and consumers get an arrow with their topics (vatic-prop)', () => {
    const { spec, files } = shipped('vatic-prop', 'prod');
    const chart = mermaid(renderEnvironmentReadme('vatic-prop', 'prod', spec, files));
    expect(chart.some((l) => /^svc_report_service -->\|"tcp 9093 TLS; consumes assessment\.completed, trading\.position-closed"\| kafka$/.test(l))).toBe(true);
    expect(chart.some((l) => /^svc_core_service -->\|"tcp 9093 TLS; produces \d+ topics; consumes \d+ topics"\| kafka$/.test(l))).toBe(true);
    const listener = files.find((f) => f.file === 'kafka')!.objects.find((o: any) => o.kind === 'Kafka') as any;
    expect(listener.spec.kafka.listeners.map((l: any) => l.port)).toContain(9093);
  });

  test('mesh off, no edge, quotes escaped', () => {
    const spec: PlatformSpec = {
      namespace: 'x',
      mesh: { enabled: false },
      services: { 'a"b': { image: 'i:1', ports: { api: { port: 80 } }, talksTo: ['c'] }, c: { image: 'i:1', ports: { api: { port: 81, protocol: 'grpc' } } } },
    };
    const readme = renderEnvironmentReadme('p', 'dev', spec, []);
    expect(readme).toContain('**Mesh**: off');
    expect(readme).not.toContain('Istio Gateway');
    expect(mermaid(readme)).toContain('svc_a_b["a#quot;b<br/>http 80<br/>2 replicas"]');
    expect(mermaid(readme)).toContain('svc_a_b -->|"grpc 81"| svc_c');
  });
});
