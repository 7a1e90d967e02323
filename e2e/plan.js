#!/usr/bin/env node
/**
 * What a kind end-to-end run installs before the sync, read off one synthesized environment
 * folder (dist/<platform>/<env>): which operators the manifests need, their namespaces and the
 * Secrets they reference. The waves themselves are applied by lib/cluster/sync.js.
 *
 *   node e2e/plan.js <manifests-dir> [--skip=<glob>,<glob>...]
 *
 * Prints one instruction per line for kind-e2e.sh:
 *
 *   namespace <ns>
 *   operator  <strimzi|prometheus-crds|nack|istio>
 *   secret    <ns> <name> <generic|tls> <key,key,...>
 *   note      <free text>
 *
 * --skip leaves out whole files by stem (e.g. "svc-*,edge" for a data-plane-only run).
 */
'use strict';

function group(apiVersion) {
  const v = String(apiVersion || '');
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** The compiled cluster module (`npm run build`, which `npm run synth` runs): one implementation with the sync. */
function clusterLib(name) {
  try {
    return require(`../lib/cluster/lib/${name}.js`);
  } catch (err) {
    throw new Error(`lib/cluster/lib/${name}.js is missing: run \`npm run build\` first (${err.message})`);
  }
}

function readObjects(dir, skip = []) {
  const manifests = clusterLib('manifests');
  return manifests.withoutFiles(manifests.readEnvironment(dir), skip);
}

/** Operators whose CRDs or controllers the objects need. */
function operatorsFor(objects) {
  const groups = new Set(objects.map((o) => group(o.object.apiVersion)));
  const has = (g) => [...groups].some((x) => x === g);
  const injected = objects.some((o) => o.object.kind === 'Namespace' && o.object.metadata?.labels?.['istio-injection'] === 'enabled');
  const out = [];
  if (has('kafka.strimzi.io')) out.push(['strimzi']);
  if (has('monitoring.coreos.com')) out.push(['prometheus-crds']);
  if (has('jetstream.nats.io')) out.push(['nack']);
  if (injected || ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io'].some(has)) out.push(['istio']);
  return out;
}

/**
 * Secrets the objects reference but nobody creates (env, envFrom, volumes, `secretName` fields),
 * leaving out those defined in the manifests and those Strimzi writes.
 */
function referencedSecrets(objects) {
  return clusterLib('secrets').referencedSecrets(objects.map((o) => o.object))
    .map((s) => ({ ns: s.namespace, name: s.name, type: s.type, keys: s.keys }));
}

function plan(manifestsDir, skip = []) {
  const all = readObjects(manifestsDir, skip);
  const argo = all.filter((o) => group(o.object.apiVersion) === 'argoproj.io');
  const objects = all.filter((o) => group(o.object.apiVersion) !== 'argoproj.io');
  const lines = [];
  for (const ns of [...new Set(objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata.name))].sort()) {
    lines.push(['namespace', ns]);
  }
  for (const op of operatorsFor(objects)) lines.push(['operator', ...op]);
  for (const s of referencedSecrets(objects)) lines.push(['secret', s.ns, s.name, s.type, s.keys.join(',')]);

  for (const { object } of objects.filter((o) => o.object.kind === 'Gateway')) {
    for (const server of object.spec?.servers ?? []) {
      if (server.tls?.credentialName) {
        lines.push(['note', `edge TLS Secret ${server.tls.credentialName} is not created: no ingress gateway runs in the test cluster`]);
      }
    }
  }
  if (argo.length > 0) {
    lines.push(['note', `left out ${argo.length} ArgoCD objects (${[...new Set(argo.map((o) => o.file))].join(', ')}): the sync applies the waves directly`]);
  }
  return lines.map((l) => l.join(' '));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const skip = args.filter((a) => a.startsWith('--skip=')).flatMap((a) => a.slice(7).split(',')).filter(Boolean);
  const [manifestsDir, ...extra] = args.filter((a) => !a.startsWith('--'));
  if (!manifestsDir || extra.length > 0) {
    process.stderr.write('usage: node e2e/plan.js <manifests-dir> [--skip=<glob>,...]\n');
    process.exit(2);
  }
  try {
    const lines = plan(manifestsDir, skip);
    if (skip.length > 0) lines.push(`note left out the files matching ${skip.join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    process.stderr.write(`plan failed: ${err.message}\n`);
    process.exit(1);
  }
}

module.exports = { plan, referencedSecrets, operatorsFor };
