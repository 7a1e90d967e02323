/**
 * Syncs one synthesized environment into a cluster the way Argo CD would: namespaces, the
 * referenced Secrets (random values, test clusters only), then each sync wave with server-side
 * apply, waiting for it to be ready before the next. Used by the cluster tests and by
 * e2e/kind-e2e.sh, so kind users get the same behaviour.
 *
 *   node lib/cluster/sync.js --kubeconfig <file> [--skip <glob,...>] [--operators <group,...>] <dist/platform/env>
 */
import { syncEnvironment } from './lib/apply';
import { connect } from './lib/client';
import { fitRequests, nodeCapacity } from './lib/fit';
import { readEnvironment, withoutFiles } from './lib/manifests';

const USAGE = 'usage: node lib/cluster/sync.js --kubeconfig <file> [--skip <glob,...>] [--operators <api-group,...>] [--timeout <seconds per wave>] [--fit] <manifests-dir>\n' +
  '  --fit  scale CPU and memory requests down to what the first node offers (a small test cluster only)';

async function main(argv: string[]): Promise<number> {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(`${USAGE}\n\nexample: node lib/cluster/sync.js --kubeconfig ~/.kube/config --skip 'svc-*,edge' dist/wallet/dev`);
      return 0;
    }
    if (arg === '--fit') {
      options.fit = 'yes';
      continue;
    }
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2);
      if (!['kubeconfig', 'skip', 'operators', 'timeout'].includes(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${key} needs a value\n${USAGE}`);
      options[key] = value;
    } else positional.push(arg);
  }
  if (positional.length !== 1 || !options.kubeconfig) throw new Error(USAGE);
  let manifests = withoutFiles(readEnvironment(positional[0]), (options.skip ?? '').split(','));
  const cluster = connect(options.kubeconfig);
  if (options.fit) {
    const fit = fitRequests(manifests.map((m) => m.object), await nodeCapacity(cluster));
    manifests = manifests.map((m, i) => ({ file: m.file, object: fit.objects[i] }));
    console.log(`requests scaled x${fit.cpuFactor.toFixed(2)} (cpu), x${fit.memoryFactor.toFixed(2)} (memory) to fit the node`);
    for (const name of fit.relaxedAntiAffinity) console.log(`${name}: required anti-affinity on the hostname relaxed to preferred (one node)`);
  }
  const report = await syncEnvironment(cluster, manifests, {
    fieldManager: 'platform-sync',
    operatorGroups: new Set((options.operators ?? '').split(',').filter(Boolean)),
    waveTimeoutMs: Number(options.timeout ?? 600) * 1000,
    log: (line) => console.log(line),
  });
  for (const hook of report.hooks) console.log(`hook: ${hook}`);
  for (const note of report.leftOut) console.log(`left out: ${note}`);
  console.log(`synced ${report.applied} objects in ${report.waves.length} waves`);
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(`sync failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
