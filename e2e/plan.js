#!/usr/bin/env node
/**
 * The plan of a kind end-to-end run, read off one synthesized environment folder
 * (dist/<platform>/<env>): which operators the manifests need, which Secrets they reference,
 * and the sync waves in order with the workloads to wait for after each.
 *
 *   node e2e/plan.js <manifests-dir> <work-dir> [--skip=<glob>,<glob>...]
 *
 * Writes one file per wave to <work-dir> (wave_<n>.yaml, objects in file order) and prints
 * one instruction per line for kind-e2e.sh:
 *
 *   namespace <ns>
 *   operator  <strimzi|prometheus-crds|nack|istio> [nats-url]
 *   secret    <ns> <name> <generic|tls> <key,key,...>
 *   wave      <n> <wave-file> <source files, comma-separated>
 *   wait      <n> <rollout|ready|complete> <ns> <resource> <name>
 *   note      <free text>
 *
 * ArgoCD's own objects (argocd.k8s.yaml) are left out: the script applies the waves itself.
 * --skip leaves out whole files by stem (e.g. "svc-*,edge" for a data-plane-only run).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { parseAllDocuments, stringify } = require('yaml');

const WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Resources `kubectl wait --for=condition=Ready` understands, by "group/Kind". */
const READY_RESOURCES = {
  'kafka.strimzi.io/Kafka': 'kafkas.kafka.strimzi.io',
  'kafka.strimzi.io/KafkaTopic': 'kafkatopics.kafka.strimzi.io',
  'kafka.strimzi.io/KafkaUser': 'kafkausers.kafka.strimzi.io',
  'jetstream.nats.io/Stream': 'streams.jetstream.nats.io',
  'jetstream.nats.io/Consumer': 'consumers.jetstream.nats.io',
};
const ROLLOUT_KINDS = { Deployment: 'deployment', StatefulSet: 'statefulset', DaemonSet: 'daemonset' };

function group(apiVersion) {
  const v = String(apiVersion || '');
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** "svc-*" -> /^svc-.*$/ */
function globToRegExp(glob) {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function readObjects(dir, skip = []) {
  const all = fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  if (all.length === 0) throw new Error(`no *.k8s.yaml files in ${dir}; run \`npm run synth\` first`);
  const skipped = skip.map(globToRegExp);
  const files = all.filter((f) => !skipped.some((re) => re.test(f.replace(/\.k8s\.yaml$/, ''))));
  const out = [];
  for (const file of files) {
    const docs = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const object = doc.toJS();
      if (object && typeof object === 'object' && object.kind) out.push({ file, index, object });
    });
  }
  return out;
}

function waveOf(object) {
  const n = Number(object.metadata?.annotations?.[WAVE_ANNOTATION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Operators whose CRDs or controllers the objects need. */
function operatorsFor(objects) {
  const groups = new Set(objects.map((o) => group(o.object.apiVersion)));
  const has = (g) => [...groups].some((x) => x === g);
  const injected = objects.some((o) => o.object.kind === 'Namespace' && o.object.metadata?.labels?.['istio-injection'] === 'enabled');
  const out = [];
  if (has('kafka.strimzi.io')) out.push(['strimzi']);
  if (has('monitoring.coreos.com')) out.push(['prometheus-crds']);
  if (has('jetstream.nats.io')) out.push(['nack', natsUrl(objects) || '-']);
  if (injected || ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io'].some(has)) out.push(['istio']);
  return out;
}

/** The in-cluster client URL of the NATS servers, for the NACK controller's default connection. */
function natsUrl(objects) {
  const svc = objects.map((o) => o.object).find((o) => o.kind === 'Service' && o.spec?.clusterIP !== 'None'
    && o.spec?.selector?.['app.kubernetes.io/name'] === 'nats' && (o.spec?.ports ?? []).some((p) => p.port === 4222));
  return svc ? `nats://${svc.metadata.name}.${svc.metadata.namespace}.svc:4222` : undefined;
}

/**
 * Secrets the objects reference but nobody creates (env, envFrom, volumes, `secretName` fields),
 * leaving out those defined in the manifests and those Strimzi writes. One implementation with
 * the cluster sync: cluster/lib/secrets.ts, compiled by `npm run build` (which `npm run synth`
 * runs).
 */
function referencedSecrets(objects) {
  let secrets;
  try {
    secrets = require('../lib/cluster/lib/secrets.js');
  } catch (err) {
    throw new Error(`lib/cluster/lib/secrets.js is missing: run \`npm run build\` first (${err.message})`);
  }
  return secrets.referencedSecrets(objects.map((o) => o.object))
    .map((s) => ({ ns: s.namespace, name: s.name, type: s.type, keys: s.keys }));
}

function waitFor(object) {
  const ns = object.metadata?.namespace ?? '';
  const type = `${group(object.apiVersion)}/${object.kind}`;
  if (group(object.apiVersion) === 'apps' && ROLLOUT_KINDS[object.kind]) return ['rollout', ns, ROLLOUT_KINDS[object.kind], object.metadata.name];
  if (READY_RESOURCES[type]) return ['ready', ns, READY_RESOURCES[type], object.metadata.name];
  if (type === 'batch/Job') return ['complete', ns, 'job', object.metadata.name];
  return undefined;
}

function plan(manifestsDir, workDir, skip = []) {
  const all = readObjects(manifestsDir, skip);
  const argo = all.filter((o) => group(o.object.apiVersion) === 'argoproj.io');
  const objects = all.filter((o) => group(o.object.apiVersion) !== 'argoproj.io');
  const lines = [];
  for (const ns of [...new Set(objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata.name))].sort()) {
    lines.push(['namespace', ns]);
  }
  for (const op of operatorsFor(objects)) lines.push(['operator', ...op]);
  for (const s of referencedSecrets(objects)) lines.push(['secret', s.ns, s.name, s.type, s.keys.join(',')]);

  const waves = new Map();
  for (const o of objects) {
    const w = waveOf(o.object);
    if (!waves.has(w)) waves.set(w, []);
    waves.get(w).push(o);
  }
  fs.mkdirSync(workDir, { recursive: true });
  for (const w of [...waves.keys()].sort((a, b) => a - b)) {
    const members = waves.get(w);
    const file = path.join(workDir, `wave_${w}.yaml`);
    fs.writeFileSync(file, members.map((o) => stringify(o.object, { lineWidth: 0 })).join('---\n'));
    lines.push(['wave', String(w), file, [...new Set(members.map((o) => o.file))].join(',')]);
    for (const o of members) {
      const wait = waitFor(o.object);
      if (wait) lines.push(['wait', String(w), ...wait]);
    }
  }
  for (const { object } of objects.filter((o) => o.object.kind === 'Gateway')) {
    for (const server of object.spec?.servers ?? []) {
      if (server.tls?.credentialName) {
        lines.push(['note', `edge TLS Secret ${server.tls.credentialName} is not created: no ingress gateway runs in the test cluster`]);
      }
    }
  }
  if (argo.length > 0) {
    lines.push(['note', `left out ${argo.length} ArgoCD objects (${[...new Set(argo.map((o) => o.file))].join(', ')}): the waves are applied directly`]);
  }
  return lines.map((l) => l.join(' '));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const skip = args.filter((a) => a.startsWith('--skip=')).flatMap((a) => a.slice(7).split(',')).filter(Boolean);
  const [manifestsDir, workDir] = args.filter((a) => !a.startsWith('--'));
  if (!manifestsDir || !workDir) {
    process.stderr.write('usage: node e2e/plan.js <manifests-dir> <work-dir> [--skip=<glob>,...]\n');
    process.exit(2);
  }
  try {
    const lines = plan(manifestsDir, workDir, skip);
    if (skip.length > 0) lines.push(`note left out the files matching ${skip.join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    process.stderr.write(`plan failed: ${err.message}\n`);
    process.exit(1);
  }
}

module.exports = { plan, referencedSecrets, operatorsFor, waveOf, globToRegExp };
