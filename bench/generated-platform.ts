/**
 * Source of a JS module exporting a platform with `n` components, for the benchmark: mostly
 * application services (each its own chart), plus the data components once n is large enough.
 */
export function generatedPlatformSource(n: number): string {
  const data = n >= 10 ? 4 : 0;
  const services: Record<string, unknown> = {};
  for (let i = 0; i < n - data; i++) {
    services[`svc-${i}`] = {
      image: `registry.example.com/svc-${i}:1.0.${i}`,
      ports: { api: { port: 8080, protocol: 'http' } },
      talksTo: data ? ['postgres', 'redis'] : [],
    };
  }
  const base: Record<string, unknown> = { namespace: 'bench', services };
  if (data) {
    base.postgres = {
      name: 'bench-db', storage: { size: '10Gi' },
      superuserSecret: { name: 'bench-db-su', key: 'password' }, replicationSecret: { name: 'bench-db-repl', key: 'password' },
    };
    base.redis = { name: 'bench-redis', passwordSecret: { name: 'bench-redis', key: 'password' }, storage: { size: '1Gi' } };
    base.nats = { name: 'bench-nats', storage: { size: '10Gi' }, streams: { ORDERS: { subjects: ['orders.>'], maxAge: '168h' } } };
    base.kafka = { name: 'bench-kafka', storage: { size: '10Gi' }, topics: { orders: { partitions: 3 } } };
  }
  const platform = { name: `generated-${n}`, description: `generated, ${n} components`, base, environments: { bench: {} } };
  return `exports.platform = ${JSON.stringify(platform)};\n`;
}
