/**
 * e2e/kind-e2e.sh against stub kind/kubectl/helm/docker/istioctl and a stub sync command that
 * log their arguments: proves the order of the steps and the cleanup, not that a cluster comes up
 * (there is no Docker engine here; see e2e/README.md). The sync itself (lib/cluster/sync.js) runs
 * against the real cluster in test/cluster.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { craftedExtras, manifestsDir } from './fixtures';
import { tempDir } from '../temp-dirs';

const SCRIPT = path.join(__dirname, '..', '..', 'e2e', 'kind-e2e.sh');
const TOOLS = ['kind', 'kubectl', 'helm', 'docker', 'istioctl'];

const STUB = `#!/usr/bin/env bash
name="$(basename "$0")"
printf '%s %s\\n' "$name" "$*" >> "$STUB_LOG"
line="$name $*"
if [ -n "\${STUB_FAIL:-}" ] && [[ "$line" =~ $STUB_FAIL ]]; then echo "stub: $line fails" >&2; exit 1; fi
if [ "$name $1 $2" = "kind get clusters" ]; then printf '%s\\n' "\${STUB_KIND_CLUSTERS:-}"; fi
exit 0
`;

interface Run { status: number | null; stdout: string; stderr: string; calls: string[] }

function runScript(manifests: string, env: Record<string, string> = {}, tools = TOOLS): Run {
  const dir = tempDir('e2e-stubs-');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const t of [...tools, 'sync']) fs.writeFileSync(path.join(bin, t), STUB, { mode: 0o755 });
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  const r = spawnSync('bash', [SCRIPT, 'deltran-mvp', 'dev'], {
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: dir,
      TMPDIR: dir,
      STUB_LOG: log,
      MANIFESTS_DIR: manifests,
      SYNC: path.join(bin, 'sync'),
      ...env,
    },
  });
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

const indexOf = (calls: string[], pattern: RegExp) => calls.findIndex((c) => pattern.test(c));

describe('kind-e2e.sh with stub tools (deltran-mvp dev plus crafted Kafka, Job and TLS objects)', () => {
  const manifests = manifestsDir('deltran-mvp', 'dev', craftedExtras('deltran'));
  const ok = runScript(manifests);
  const sync = indexOf(ok.calls, /^sync /);

  test('succeeds and deletes the cluster last', () => {
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.calls[ok.calls.length - 1]).toBe('kind delete cluster --name e2e-deltran-mvp');
    expect(ok.stdout).toMatch(/==> \[ *\d+s\] done: every wave of deltran-mvp\/dev applied and ready/);
  });

  test('checks the engine, refuses an existing cluster, then creates a pinned one with its own kubeconfig', () => {
    expect(ok.calls[0]).toBe('docker info');
    expect(ok.calls[1]).toBe('kind get clusters');
    expect(ok.calls[2]).toMatch(/^kind create cluster --name e2e-deltran-mvp --image kindest\/node:v\d+\.\d+\.\d+ --config \S+\/kind\.yaml --kubeconfig \S+\/kubeconfig --wait 180s$/);
  });

  test('installs the operators the manifests need, pinned, before anything of the platform', () => {
    const create = indexOf(ok.calls, /^kind create cluster/);
    const strimzi = indexOf(ok.calls, /^helm upgrade --install strimzi strimzi-kafka-operator --repo https:\/\/strimzi\.io\/charts\/ --version 0\.50\.0 .*-f \S+strimzi-values\.yaml/);
    const promCrds = indexOf(ok.calls, /^kubectl apply --server-side .* -f https:\/\/github\.com\/prometheus-operator\/prometheus-operator\/releases\/download\/v0\.93\.0\/stripped-down-crds\.yaml$/);
    const nackCrds = indexOf(ok.calls, /^kubectl apply --server-side .* -f https:\/\/raw\.githubusercontent\.com\/nats-io\/nack\/v0\.22\.4\/deploy\/crds\.yml$/);
    // no jetstream.nats.url: the chart then runs NACK with -crd-connect, so each Stream's servers count
    const nack = indexOf(ok.calls, /^helm upgrade --install nack nack .*--set jetstream\.image\.tag=0\.22\.4 --wait/);
    expect(ok.calls[nack]).not.toMatch(/nats\.url/);
    const istiod = indexOf(ok.calls, /^helm upgrade --install istiod istiod .*--version 1\.30\.3 .*--set pilot\.cni\.enabled=true/);
    const istioBase = indexOf(ok.calls, /^helm upgrade --install istio-base base .*--version 1\.30\.3/);
    const crds = indexOf(ok.calls, /^kubectl wait --for=condition=Established crd --all/);
    for (const i of [strimzi, promCrds, nackCrds, nack, istioBase, istiod]) {
      expect(i).toBeGreaterThan(create);
      expect(i).toBeLessThan(crds);
    }
    expect(nackCrds).toBeLessThan(nack);
    expect(istioBase).toBeLessThan(istiod);
    expect(crds).toBeLessThan(indexOf(ok.calls, /^kubectl create namespace/));
  });

  test('creates the namespace and the TLS Secrets, then leaves the other Secrets to the sync', () => {
    const ns = indexOf(ok.calls, /^kubectl create namespace deltran$/);
    expect(ns).toBeGreaterThan(0);
    const tls = indexOf(ok.calls, /^kubectl create secret tls client-tls -n deltran --cert \S+ --key \S+$/);
    expect(tls).toBeGreaterThan(ns);
    expect(tls).toBeLessThan(sync);
    expect(ok.calls.some((c) => c.startsWith('kubectl create secret generic'))).toBe(false);
  });

  test('syncs once, after the operators, with their API groups waited for and the per-wave timeout', () => {
    expect(ok.calls.filter((c) => c.startsWith('sync '))).toHaveLength(1);
    expect(ok.calls[sync]).toMatch(new RegExp(`^sync --kubeconfig \\S+/kubeconfig --skip  --operators kafka\\.strimzi\\.io,jetstream\\.nats\\.io --timeout 900 ${manifests}$`));
    expect(sync).toBeGreaterThan(indexOf(ok.calls, /^kubectl wait --for=condition=Established crd --all/));
    expect(sync).toBe(ok.calls.length - 2);
  });

  test('cleans up its work folder', () => {
    expect(ok.stdout).toContain('note: left out');
    const kubeconfig = /--kubeconfig (\S+)/.exec(ok.calls[2])![1];
    expect(fs.existsSync(path.dirname(kubeconfig))).toBe(false);
  });
});

describe('kind-e2e.sh failure paths', () => {
  const manifests = manifestsDir('deltran-mvp', 'dev', craftedExtras('deltran'));

  test('a failing sync dumps the namespace and still deletes the cluster', () => {
    const r = runScript(manifests, { STUB_FAIL: '^sync ' });
    expect(r.status).toBe(1);
    const failed = indexOf(r.calls, /^sync /);
    expect(r.calls.slice(failed + 1)).toContain('kubectl get pods -n deltran -o wide');
    expect(r.calls[r.calls.length - 1]).toBe('kind delete cluster --name e2e-deltran-mvp');
    expect(r.stderr).toMatch(/FAILED \(exit 1\) during: syncing /);
  });

  test('a failing cluster creation still deletes whatever kind left', () => {
    const r = runScript(manifests, { STUB_FAIL: '^kind create' });
    expect(r.status).toBe(1);
    expect(r.calls.slice(-1)).toEqual(['kind delete cluster --name e2e-deltran-mvp']);
    expect(r.calls.some((c) => c.startsWith('helm'))).toBe(false);
  });

  test('SKIP_FILES leaves files out; E2E_SECRETS_DIR supplies real Secret values', () => {
    const secrets = tempDir('e2e-secrets-');
    fs.writeFileSync(path.join(secrets, 'deltran-redis.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: deltran-redis\n');
    const r = runScript(manifests, { SKIP_FILES: 'svc-*,edge,zz-e2e-extras', E2E_SECRETS_DIR: secrets });
    expect(r.status).toBe(0);
    expect(r.calls.some((c) => /strimzi/.test(c))).toBe(false);
    expect(r.calls).toContain(`kubectl apply --server-side --field-manager=kind-e2e -n deltran -f ${secrets}/deltran-redis.yaml`);
    expect(r.calls.find((c) => c.startsWith('sync '))).toMatch(/ --skip svc-\*,edge,zz-e2e-extras --operators jetstream\.nats\.io /);
    expect(r.stdout).toContain('note: left out the files matching svc-*, edge, zz-e2e-extras');
  });

  test('KEEP_CLUSTER=1 keeps the cluster', () => {
    const r = runScript(manifests, { KEEP_CLUSTER: '1' });
    expect(r.status).toBe(0);
    expect(r.calls.some((c) => c.startsWith('kind delete'))).toBe(false);
    expect(r.stdout).toMatch(/KEEP_CLUSTER=1: cluster e2e-deltran-mvp kept; kubeconfig: \S+kubeconfig/);
  });

  test('an existing cluster of that name is left alone', () => {
    const r = runScript(manifests, { STUB_KIND_CLUSTERS: 'other\ne2e-deltran-mvp' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a kind cluster named e2e-deltran-mvp already exists/);
    expect(r.calls.some((c) => /^kind (create|delete)/.test(c))).toBe(false);
  });

  test('missing tools are named, nothing runs', () => {
    const r = runScript(manifests, {}, TOOLS.filter((t) => t !== 'kind' && t !== 'helm'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing on PATH: kind helm/);
    expect(r.calls).toEqual([]);
  });

  test('no Docker engine is a clear error', () => {
    const r = runScript(manifests, { STUB_FAIL: '^docker info' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the Docker engine is not reachable/);
    expect(r.calls).toEqual(['docker info']);
  });
});
