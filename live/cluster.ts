import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CleanupStack, guard, killGroup, removeTree, unguard } from './cleanup';
import { EnvSources } from './env';
import { SecretFixtures } from './fixtures';
import { K8sObject, Manifests } from './manifests';
import { PodAddress, PodNetwork } from './network';
import { Pod, PodHost, sleep } from './pod';
import { EtcFiles, etcFilesOf, hostsFile, writeEtcFiles } from './dns';
import { requireRoot, sweepStaleRunDirs } from './host-checks';
import { ServiceState } from './services';
import { VolumeSources } from './volumes';

/**
 * A documented stand-in for something Kubernetes itself provides (listed in live/README.md):
 * it may rewrite ConfigMap content and container environments, and run a process of its own.
 */
export interface Mapping {
  readonly name: string;
  /** Runs before any pod starts (e.g. starts an etcd). @default nothing */
  start?(cluster: LiveCluster): Promise<void>;
  /** New content for a ConfigMap key, or undefined to leave it. @default unchanged */
  configMap?(configMap: string, key: string, content: string): string | undefined;
  /** Edits a container's environment in place. @default unchanged */
  env?(pod: Pod, container: K8sObject, env: Map<string, string>): void;
}

export interface ClusterOptions {
  readonly manifests: Manifests;
  /** Stand-ins for what Kubernetes provides (Patroni's DCS, role labels). @default none */
  readonly mappings?: Mapping[];
  /** ConfigMaps created outside Git that the manifests reference (e.g. init SQL), by name. @default none */
  readonly externalConfigMaps?: Record<string, Record<string, string>>;
  /** Fixture values for external Secrets, "secret/key" -> value. @default generated values */
  readonly secretOverrides?: Record<string, string>;
  /** Print the cluster log as it happens. @default LIVE_VERBOSE is set */
  readonly verbose?: boolean;
}

/**
 * A single-node stand-in for the cluster: pods as processes in their own network namespaces,
 * the Services of the manifests as DNS entries and proxies, StatefulSet and Deployment
 * controllers for pod creation and re-creation. `stop()` removes everything it created.
 */
export class LiveCluster {
  readonly manifests: Manifests;
  readonly fixtures: SecretFixtures;
  readonly namespace: string;
  readonly runDir: string;
  readonly cleanup = new CleanupStack();
  readonly network: PodNetwork;
  readonly pods = new Map<string, Pod>();
  readonly services: ServiceState[] = [];
  private readonly allPods: Pod[] = [];
  private readonly logLines: string[] = [];
  private hostsPending = false;
  private stopped = false;
  readonly host: PodHost;

  constructor(private readonly options: ClusterOptions) {
    requireRoot();
    this.manifests = options.manifests;
    this.namespace = this.manifests.namespace;
    this.fixtures = new SecretFixtures(this.manifests, options.secretOverrides);
    guard(this.cleanup);
    sweepStaleRunDirs();
    this.runDir = fs.mkdtempSync(path.join(os.tmpdir(), `live-${process.pid.toString(36)}-`));
    fs.chmodSync(this.runDir, 0o755);
    this.cleanup.push(`run folder ${this.runDir}`, () => { if (!process.env.LIVE_KEEP) removeTree(this.runDir); });
    this.network = new PodNetwork(this.cleanup);
    this.cleanup.push('pods', () => {
      for (const p of this.allPods) for (const c of [...p.initContainers, ...p.containers]) if (c.proc?.pid) killGroup(c.proc.pid);
    });
    for (const svc of this.manifests.ofKind('Service').filter((s) => (s.metadata.namespace ?? this.namespace) === this.namespace)) {
      const headless = svc.spec?.clusterIP === 'None';
      this.services.push(new ServiceState(svc, headless ? undefined : this.network.addServiceIp(), () => [...this.pods.values()]));
    }
    this.cleanup.push('service proxies', () => { for (const s of this.services) s.close(); });
    const sources = this.sources();
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const cluster = this;
    this.host = {
      namespace: this.namespace,
      hostIp: this.network.hostIp,
      runDir: this.runDir,
      sources,
      allocateAddress: (pod: string): PodAddress => cluster.network.addPod(pod),
      releaseAddress: (address: PodAddress) => cluster.network.removePod(address),
      etcFiles: (pod: Pod) => cluster.etcFiles(pod),
      changed: () => cluster.scheduleSync(),
      mapEnv: (pod, container, env) => { for (const m of options.mappings ?? []) m.env?.(pod, container, env); },
      log: (line: string) => cluster.log(line),
    };
  }

  log(line: string): void {
    this.logLines.push(line);
    if (this.options.verbose ?? !!process.env.LIVE_VERBOSE) process.stderr.write(`${line}\n`);
  }

  /** The cluster's event log (pod events, mappings), for failure messages. */
  recentLog(n = 60): string {
    return this.logLines.slice(-n).join('\n');
  }

  private sources(): EnvSources & VolumeSources {
    const configMap = (name: string, optional: boolean): Record<string, string> | undefined => {
      const cm = this.manifests.find('ConfigMap', name);
      const external = this.options.externalConfigMaps?.[name];
      if (!cm && !external && !optional) {
        throw new Error(`ConfigMap "${name}" is referenced but neither in the manifests nor given as an external ConfigMap fixture`);
      }
      if (!cm) return external;
      const binary = Object.fromEntries(Object.entries(cm.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('latin1')]));
      const data: Record<string, string> = { ...(cm.data ?? {}), ...binary };
      for (const m of this.options.mappings ?? []) {
        for (const [k, v] of Object.entries(data)) {
          const mapped = m.configMap?.(name, k, v);
          if (mapped !== undefined && mapped !== v) {
            data[k] = mapped;
            this.log(`mapping ${m.name}: ConfigMap ${name} key ${k} rewritten`);
          }
        }
      }
      return data;
    };
    return {
      secret: (name, key, optional) => (optional && !this.fixtures.keys(name).includes(key) ? undefined : this.fixtures.value(name, key)),
      secretData: (name, optional) => (optional && this.fixtures.keys(name).length === 0 ? {} : this.fixtures.data(name)),
      configMap: (name, key, optional) => {
        const data = configMap(name, optional);
        if (data && !(key in data) && !optional) throw new Error(`ConfigMap "${name}" has no key "${key}" (keys: ${Object.keys(data).join(', ')})`);
        return data?.[key];
      },
      configMapData: (name, optional) => configMap(name, optional) ?? {},
      claimDir: (claim) => path.join(this.runDir, 'claims', claim),
      serviceAccountToken: () => 'live-test-token',
    };
  }

  /** Starts the mappings' own processes (once, before the first pod). */
  async startMappings(): Promise<void> {
    if (this.mappingsStarted) return;
    this.mappingsStarted = true;
    for (const m of this.options.mappings ?? []) await m.start?.(this);
  }

  private mappingsStarted = false;

  /** Tells Services and DNS that a pod's labels or readiness changed. */
  notifyChanged(): void {
    this.scheduleSync();
  }

  /** Starts a StatefulSet's pods as its controller does (OrderedReady: one at a time, each after the previous is ready). */
  async startStatefulSet(name: string, opts: { readyTimeoutMs?: number } = {}): Promise<Pod[]> {
    await this.startMappings();
    const sts = this.manifests.get('StatefulSet', name);
    const replicas: number = sts.spec.replicas ?? 1;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const pods: Pod[] = [];
    for (let i = 0; i < replicas; i++) {
      const pod = this.statefulPod(sts, i);
      pods.push(pod);
      if (parallel) this.launch(pod);
      else {
        await pod.start().catch((e) => this.startFailed(pod, e));
        if (i < replicas - 1) {
          await this.waitFor(`${pod.name} ready before ${name}-${i + 1} is created (podManagementPolicy OrderedReady)`, () => pod.ready, opts.readyTimeoutMs ?? 300_000, [pod]);
        }
      }
    }
    return pods;
  }

  /** Starts a Deployment's pods (named <deployment>-<n> here: they have no stable identity anyway). */
  async startDeployment(name: string): Promise<Pod[]> {
    await this.startMappings();
    const d = this.manifests.get('Deployment', name);
    const pods: Pod[] = [];
    for (let i = 0; i < (d.spec.replicas ?? 1); i++) {
      const pod = this.newPod(`${name}-${i}`, d.spec.template, {});
      pods.push(pod);
      this.launch(pod);
    }
    return pods;
  }

  private launch(pod: Pod): void {
    void pod.start().catch((e) => this.startFailed(pod, e));
  }

  private startFailed(pod: Pod, e: Error): void {
    pod.startError = e;
    pod.event(`the harness could not create the pod: ${e.message}`);
  }

  private statefulPod(sts: K8sObject, ordinal: number): Pod {
    const podName = `${sts.metadata.name}-${ordinal}`;
    const template = sts.spec.template;
    const claims = (sts.spec.volumeClaimTemplates ?? []).map((t: K8sObject) => ({
      name: t.metadata.name, persistentVolumeClaim: { claimName: `${t.metadata.name}-${podName}` },
    }));
    const spec = { ...template.spec, hostname: podName, subdomain: sts.spec.serviceName, volumes: [...(template.spec.volumes ?? []), ...claims] };
    return this.newPod(podName, { ...template, spec }, {
      'statefulset.kubernetes.io/pod-name': podName,
      'apps.kubernetes.io/pod-index': String(ordinal),
    }, sts.spec.serviceName);
  }

  private newPod(name: string, template: K8sObject, extraLabels: Record<string, string>, subdomain?: string): Pod {
    const pod = new Pod(this.host, name, template.spec, template.metadata ?? {}, extraLabels, subdomain);
    this.pods.set(name, pod);
    this.allPods.push(pod);
    return pod;
  }

  /**
   * Deletes a pod; a StatefulSet's controller then creates it again with the same name and
   * claims (new address, fresh emptyDirs, init containers again). grace 0 = SIGKILL at once.
   */
  async deletePod(name: string, opts: { graceSeconds?: number; recreate?: boolean } = {}): Promise<Pod | undefined> {
    const pod = this.pod(name);
    await pod.delete(opts.graceSeconds);
    this.pods.delete(name);
    this.scheduleSync();
    if (opts.recreate === false) return undefined;
    const stsName = name.replace(/-\d+$/, '');
    const sts = this.manifests.find('StatefulSet', stsName);
    if (!sts) return undefined;
    const again = this.statefulPod(sts, Number(name.slice(stsName.length + 1)));
    this.launch(again);
    return again;
  }

  /** The StatefulSet controller creating a deleted pod again (after a `recreate: false` delete: a node outage ends). */
  async recreatePod(name: string): Promise<Pod> {
    if (this.pods.has(name)) throw new Error(`pod ${name} still exists`);
    const stsName = name.replace(/-\d+$/, '');
    const sts = this.manifests.get('StatefulSet', stsName);
    const pod = this.statefulPod(sts, Number(name.slice(stsName.length + 1)));
    this.launch(pod);
    return pod;
  }

  pod(name: string): Pod {
    const p = this.pods.get(name);
    if (!p) throw new Error(`no pod ${name}; pods: ${[...this.pods.keys()].join(', ')}`);
    return p;
  }

  service(name: string): ServiceState {
    const s = this.services.find((x) => x.name === name);
    if (!s) throw new Error(`no Service ${name}; services: ${this.services.map((x) => x.name).join(', ')}`);
    return s;
  }

  /** Pods currently alive (not deleted). */
  livePods(): Pod[] {
    return [...this.pods.values()].filter((p) => p.phase !== 'Deleted');
  }

  /** Polls `cond` every 250 ms; on timeout throws `what` with the state of `pods` (default: every pod). */
  async waitFor<T>(what: string, cond: () => T | Promise<T>, timeoutMs: number, pods?: Pod[]): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const broken = (pods ?? [...this.pods.values()]).find((p) => p.startError);
      if (broken) throw new Error(`waiting for ${what}: the harness could not create pod ${broken.name}: ${broken.startError!.message}`);
      try {
        const v = await cond();
        if (v) return v as NonNullable<T>;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline || this.stopped) {
        const state = (pods ?? [...this.pods.values()]).map((p) => p.describe()).join('\n');
        throw new Error(`timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}\n${state}`);
      }
      await sleep(250);
    }
  }

  /** Waits until every pod in `pods` is ready; returns seconds from creation to ready per pod. */
  async waitReady(pods: Pod[], timeoutMs: number): Promise<Record<string, number>> {
    await this.waitFor(`pods ${pods.map((p) => p.name).join(', ')} ready`, () => pods.every((p) => p.ready), timeoutMs, pods);
    return Object.fromEntries(pods.map((p) => [p.name, Math.round((p.readyAt! - p.createdAt) / 100) / 10]));
  }

  /** An address for a harness process (not from the manifests, e.g. the etcd standing in for the Kubernetes API). */
  infraAddress(name: string): PodAddress {
    return this.network.addInfra(name);
  }

  /** Runs a harness process in the namespace of `addr`; it is killed by stop(). */
  spawnInfra(name: string, addr: PodAddress, argv: string[]): { pid: number; logFile: string } {
    const logFile = path.join(this.runDir, `${name}.log`);
    const log = fs.openSync(logFile, 'a');
    const child = spawn('nsenter', [`--net=/run/netns/${addr.netns}`, '--', ...argv], { detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.cleanup.push(`${name} process`, () => killGroup(child.pid!));
    this.log(`infra ${name} at ${addr.ip}: ${argv.join(' ')}`);
    return { pid: child.pid!, logFile };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private scheduleSync(): void {
    if (this.hostsPending || this.stopped) return;
    this.hostsPending = true;
    setImmediate(() => {
      this.hostsPending = false;
      if (this.stopped) return;
      for (const s of this.services) s.sync();
      for (const p of this.pods.values()) if (p.address && fs.existsSync(p.dir)) this.writeEtc(p);
    });
  }

  /** Per-pod hosts/resolv.conf/hostname files (created on first use, then rewritten in place so bind mounts see changes). */
  private etcFiles(pod: Pod): EtcFiles {
    const files = etcFilesOf(pod.dir);
    if (!fs.existsSync(files.hosts)) this.writeEtc(pod);
    return files;
  }

  private writeEtc(pod: Pod): void {
    writeEtcFiles(etcFilesOf(pod.dir), hostsFile(this.services, this.namespace, pod), this.namespace, pod.name);
  }

  /** Stops everything: pods (SIGKILL), proxies, namespaces, bridge, temp folders. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of this.pods.values()) p.phase = 'Deleted';
    const failures = this.cleanup.runAll();
    unguard(this.cleanup);
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
  }
}
