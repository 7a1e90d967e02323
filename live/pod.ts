import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ContainerPlan, ContainerProcess, MountPlan } from './container';
import { containerArgv, EnvSources, PodFacts, resolveEnv } from './env';
import { DEFAULT_PATH, ImageMapping, imageMapping } from './images';
import { K8sObject } from './manifests';
import { PodAddress } from './network';
import { runCommand, runProbe } from './probes';
import { materializeVolumes, VolumeSources } from './volumes';

/** What a pod needs from the cluster it runs in. */
export interface PodHost {
  readonly namespace: string;
  readonly hostIp: string;
  readonly runDir: string;
  readonly sources: EnvSources & VolumeSources;
  allocateAddress(pod: string): PodAddress;
  releaseAddress(address: PodAddress): void;
  /** Files bind-mounted as the pod's /etc/hosts, /etc/resolv.conf and /etc/hostname (kept current by the cluster). */
  etcFiles(pod: Pod): { hosts: string; resolv: string; hostname: string };
  /** Called when a pod's readiness or address changes (Service endpoints, DNS). */
  changed(pod: Pod): void;
  /** Last chance to apply a documented mapping to a container's environment (e.g. Patroni's DCS). */
  mapEnv(pod: Pod, container: K8sObject, env: Map<string, string>): void;
  log(line: string): void;
}

/** A container slot of a pod: its spec, its current process and the kubelet's view of it. */
export class ContainerState {
  proc?: ContainerProcess;
  ready = false;
  started = false;
  restarts = 0;
  /** Bumped on every (re)start; probe loops of older runs stop when it changes. */
  generation = 0;
  lastProbe = '';
  constructor(readonly spec: K8sObject, readonly image: ImageMapping, readonly init: boolean) {}
  get notRun(): string | undefined {
    return this.image.notRun;
  }
}

export type PodPhase = 'Pending' | 'Initializing' | 'Running' | 'Terminating' | 'Deleted';

/**
 * One pod of a StatefulSet or Deployment run as local processes, with the kubelet's duties:
 * volumes, init containers in order, containers, probes (startup gates liveness/readiness;
 * liveness failures restart the container), restartPolicy Always with back-off, preStop hooks
 * and the termination grace period.
 */
export class Pod {
  readonly uid = randomUUID();
  readonly dir: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly containers: ContainerState[];
  readonly initContainers: ContainerState[];
  /** Labels set at run time by a documented mapping (e.g. Patroni's role label). */
  readonly dynamicLabels: Record<string, string> = {};
  address?: PodAddress;
  phase: PodPhase = 'Pending';
  createdAt = Date.now();
  readyAt?: number;
  readonly events: string[] = [];
  /** Set when the harness could not create the pod at all (not a component failure). */
  startError?: Error;
  private wasReady = false;

  constructor(
    private readonly host: PodHost,
    readonly name: string,
    readonly spec: K8sObject,
    templateMeta: K8sObject,
    extraLabels: Record<string, string>,
    /** Headless Service name for `<pod>.<subdomain>` DNS records (StatefulSet serviceName). */
    readonly subdomain?: string,
  ) {
    this.dir = path.join(host.runDir, 'pods', `${name}-${this.uid.slice(0, 8)}`);
    this.labels = { ...(templateMeta.labels ?? {}), ...extraLabels };
    this.annotations = { ...(templateMeta.annotations ?? {}) };
    this.initContainers = (spec.initContainers ?? []).map((c: K8sObject) => new ContainerState(c, imageMapping(c.image), true));
    this.containers = (spec.containers ?? []).map((c: K8sObject) => new ContainerState(c, imageMapping(c.image), false));
  }

  get ip(): string {
    if (!this.address) throw new Error(`pod ${this.name} has no address yet`);
    return this.address.ip;
  }

  /** Every label the pod has now: template labels, controller labels, run-time labels. */
  get allLabels(): Record<string, string> {
    return { ...this.labels, ...this.dynamicLabels };
  }

  /** Ready as the kubelet reports it: running and every container that runs is ready. */
  get ready(): boolean {
    return this.phase === 'Running' && this.containers.every((c) => c.notRun || c.ready);
  }

  facts(): PodFacts {
    return {
      name: this.name, namespace: this.host.namespace, ip: this.address?.ip ?? '', hostIp: this.host.hostIp,
      nodeName: 'live-node', uid: this.uid, serviceAccountName: this.spec.serviceAccountName ?? 'default',
      labels: this.allLabels, annotations: this.annotations,
    };
  }

  event(text: string): void {
    const line = `${new Date().toISOString()} ${this.name}: ${text}`;
    this.events.push(line);
    this.host.log(line);
  }

  /** Creates the pod: address, volumes, init containers (each to success, in order), then the containers. */
  async start(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    this.address = this.host.allocateAddress(this.name);
    this.event(`scheduled at ${this.address.ip}`);
    this.host.changed(this);
    this.volumes = materializeVolumes(this.spec, this.dir, this.facts(), this.host.sources);
    this.phase = 'Initializing';
    for (const init of this.initContainers) {
      if (init.notRun) {
        this.event(`init container ${init.spec.name} not run: ${init.notRun}`);
        continue;
      }
      let attempt = 0;
      for (;;) {
        if (this.phase !== 'Initializing') return;
        const code = await this.runToCompletion(init);
        if (code === 0) break;
        attempt++;
        this.event(`init container ${init.spec.name} exited ${code}; retry ${attempt} in ${backoff(attempt)} s:\n${init.proc?.tail(15)}`);
        await sleep(backoff(attempt) * 1000);
      }
    }
    if (this.phase !== 'Initializing') return;
    this.phase = 'Running';
    for (const c of this.containers) {
      if (c.notRun) this.event(`container ${c.spec.name} not run: ${c.notRun}`);
      else await this.startContainer(c);
    }
  }

  private volumes: Array<{ name: string; dir: string }> = [];

  private plan(c: ContainerState): ContainerPlan {
    const facts = this.facts();
    const env = resolveEnv(c.spec, facts, this.host.sources, { PATH: c.image.path ?? DEFAULT_PATH, ...(c.image.env ?? {}) });
    this.host.mapEnv(this, c.spec, env);
    const argv = containerArgv(c.spec, c.image.entrypoint, c.image.cmd, env);
    const podSc = this.spec.securityContext ?? {};
    const sc = c.spec.securityContext ?? {};
    const [imageUid, imageGid] = c.image.user ?? [0, 0];
    const uid = sc.runAsUser ?? podSc.runAsUser ?? imageUid;
    const gid = sc.runAsGroup ?? podSc.runAsGroup ?? (sc.runAsUser ?? podSc.runAsUser ? 0 : imageGid);
    const groups = [gid, ...(podSc.fsGroup !== undefined ? [podSc.fsGroup] : []), ...(podSc.supplementalGroups ?? [])];
    return {
      pod: this.name, name: c.spec.name, netns: this.address!.netns,
      dir: path.join(this.dir, `${c.init ? 'init' : 'c'}-${c.spec.name}`),
      image: c.image, argv, env: [...env.entries()],
      workingDir: c.spec.workingDir ?? c.image.workingDir ?? '/',
      uid, gid, groups,
      readOnlyRootFilesystem: !!sc.readOnlyRootFilesystem,
      mounts: this.mounts(c.spec),
      etc: this.host.etcFiles(this),
    };
  }

  private mounts(container: K8sObject): MountPlan[] {
    return (container.volumeMounts ?? []).map((m: K8sObject) => {
      const vol = this.volumes.find((v) => v.name === m.name);
      if (!vol) throw new Error(`pod ${this.name} container ${container.name}: volumeMount "${m.name}" names no volume of the pod`);
      let source = vol.dir;
      if (m.subPath) {
        source = path.join(vol.dir, m.subPath);
        if (!fs.existsSync(source)) fs.mkdirSync(source, { recursive: true, mode: 0o777 });
      }
      return { source, target: m.mountPath, readOnly: !!m.readOnly, file: fs.statSync(source).isFile() };
    });
  }

  private async runToCompletion(c: ContainerState): Promise<number | null> {
    c.proc = new ContainerProcess(this.plan(c));
    c.proc.start();
    this.event(`init container ${c.spec.name} started`);
    const code = await c.proc.waitExit();
    this.event(`init container ${c.spec.name} exited ${code}`);
    return code;
  }

  private async startContainer(c: ContainerState): Promise<void> {
    c.generation++;
    const generation = c.generation;
    c.ready = false;
    c.started = false;
    c.proc = new ContainerProcess(this.plan(c));
    c.proc.start();
    this.event(`container ${c.spec.name} started (restarts ${c.restarts})`);
    const proc = c.proc;
    void proc.waitExit().then((code) => this.onExit(c, generation, code));
    const postStart = c.spec.lifecycle?.postStart;
    if (postStart?.exec) {
      await sleep(200);
      const r = await this.exec(c.spec.name, postStart.exec.command, 60_000);
      if (r.code !== 0) {
        this.event(`container ${c.spec.name} postStart failed (exit ${r.code}): ${r.output.slice(0, 300)}; killing it`);
        proc.kill();
        return;
      }
    }
    void this.probeLoops(c, generation);
  }

  private async onExit(c: ContainerState, generation: number, code: number | null): Promise<void> {
    if (generation !== c.generation) return;
    const wasReady = c.ready;
    c.ready = false;
    c.started = false;
    if (wasReady) this.readinessChanged();
    if (this.phase !== 'Running') return;
    c.restarts++;
    const ranFor = Date.now() - (c.proc?.startedAt ?? 0);
    const delay = ranFor > 600_000 ? 0 : backoff(c.restarts - 1);
    this.event(`container ${c.spec.name} exited ${code === null ? 'by signal' : code}; restart in ${delay} s:\n${c.proc?.tail(20)}`);
    await sleep(delay * 1000);
    if (this.phase === 'Running' && generation === c.generation) await this.startContainer(c);
  }

  /** Startup, then liveness and readiness probes, each on its own period, until this run ends. */
  private async probeLoops(c: ContainerState, generation: number): Promise<void> {
    const current = () => this.phase === 'Running' && generation === c.generation && !!c.proc?.running;
    const { startupProbe, livenessProbe, readinessProbe } = c.spec;
    if (startupProbe) {
      const ok = await this.probeUntil(c, startupProbe, 'startup', current);
      if (!ok) return;
    }
    c.started = true;
    if (livenessProbe) void this.liveness(c, livenessProbe, current);
    if (!readinessProbe) {
      c.ready = true;
      this.readinessChanged();
      return;
    }
    await sleep((startupProbe ? 0 : readinessProbe.initialDelaySeconds ?? 0) * 1000);
    let successes = 0;
    let failures = 0;
    while (current()) {
      const r = await runProbe(readinessProbe, c.spec, this.ip, c.proc!).catch((e) => ({ ok: false, detail: String(e) }));
      if (!current()) return;
      c.lastProbe = `readiness: ${r.detail}`;
      if (r.ok) {
        failures = 0;
        if (++successes >= (readinessProbe.successThreshold ?? 1) && !c.ready) {
          c.ready = true;
          this.readinessChanged();
        }
      } else {
        successes = 0;
        if (++failures >= (readinessProbe.failureThreshold ?? 3) && c.ready) {
          c.ready = false;
          this.event(`container ${c.spec.name} not ready: ${r.detail}`);
          this.readinessChanged();
        }
      }
      await sleep((readinessProbe.periodSeconds ?? 10) * 1000);
    }
  }

  private async probeUntil(c: ContainerState, probe: K8sObject, kind: string, current: () => boolean): Promise<boolean> {
    await sleep((probe.initialDelaySeconds ?? 0) * 1000);
    let failures = 0;
    while (current()) {
      const r = await runProbe(probe, c.spec, this.ip, c.proc!).catch((e) => ({ ok: false, detail: String(e) }));
      c.lastProbe = `${kind}: ${r.detail}`;
      if (r.ok) return true;
      if (++failures >= (probe.failureThreshold ?? 3)) {
        this.event(`container ${c.spec.name} ${kind} probe failed ${failures} times (${r.detail}); killing it`);
        c.proc?.kill();
        return false;
      }
      await sleep((probe.periodSeconds ?? 10) * 1000);
    }
    return false;
  }

  private async liveness(c: ContainerState, probe: K8sObject, current: () => boolean): Promise<void> {
    await sleep((c.spec.startupProbe ? 0 : probe.initialDelaySeconds ?? 0) * 1000);
    let failures = 0;
    while (current()) {
      const r = await runProbe(probe, c.spec, this.ip, c.proc!).catch((e) => ({ ok: false, detail: String(e) }));
      if (!current()) return;
      if (r.ok) failures = 0;
      else if (++failures >= (probe.failureThreshold ?? 3)) {
        this.event(`container ${c.spec.name} liveness failed ${failures} times (${r.detail}); restarting it`);
        c.proc?.kill();
        return;
      }
      await sleep((probe.periodSeconds ?? 10) * 1000);
    }
  }

  private readinessChanged(): void {
    const ready = this.ready;
    if (ready !== this.wasReady) {
      this.wasReady = ready;
      if (ready && this.readyAt === undefined) this.readyAt = Date.now();
      this.event(ready ? `ready (${((Date.now() - this.createdAt) / 1000).toFixed(1)} s after creation)` : 'not ready');
    }
    this.host.changed(this);
  }

  /** Runs a command inside a running container (like `kubectl exec`). */
  async exec(container: string, argv: string[], timeoutMs = 30_000, input?: string): Promise<{ code: number | null; output: string }> {
    const c = this.containers.find((x) => x.spec.name === container);
    const full = c?.proc?.execArgv(argv);
    if (!full) return { code: -1, output: `container ${container} of ${this.name} is not running` };
    return runCommand(full, timeoutMs, input);
  }

  container(name: string): ContainerState {
    const c = this.containers.find((x) => x.spec.name === name);
    if (!c) throw new Error(`pod ${this.name} has no container ${name} (has ${this.containers.map((x) => x.spec.name).join(', ')})`);
    return c;
  }

  /** SIGKILL every container (a crash, an OOM kill): the kubelet restarts them in place. */
  crash(): void {
    this.event('crash: SIGKILL to every container');
    for (const c of this.containers) c.proc?.kill();
  }

  /**
   * Deletes the pod as the API server and kubelet do: preStop hooks, SIGTERM, SIGKILL after the
   * grace period (0 = kill at once, like `--grace-period=0 --force`). Claims survive; emptyDirs do not.
   */
  async delete(graceSeconds?: number): Promise<void> {
    if (this.phase === 'Deleted') return;
    const grace = graceSeconds ?? this.spec.terminationGracePeriodSeconds ?? 30;
    const wasPhase = this.phase;
    this.phase = 'Terminating';
    this.event(`deleting (grace ${grace} s)`);
    this.host.changed(this);
    if (wasPhase === 'Running' && grace > 0) {
      const deadline = Date.now() + grace * 1000;
      await Promise.all(this.containers.map(async (c) => {
        const preStop = c.spec.lifecycle?.preStop;
        if (preStop?.exec && c.proc?.running) {
          const r = await this.exec(c.spec.name, preStop.exec.command, Math.max(1000, deadline - Date.now()));
          this.event(`container ${c.spec.name} preStop exit ${r.code}: ${r.output.trim().slice(0, 300)}`);
        }
        c.proc?.signal('SIGTERM');
        await Promise.race([c.proc?.waitExit(), sleep(Math.max(0, deadline - Date.now()))]);
      }));
    }
    for (const c of [...this.initContainers, ...this.containers]) {
      c.generation++;
      c.proc?.kill();
      await Promise.race([c.proc?.waitExit(), sleep(5000)]);
      c.ready = false;
    }
    this.phase = 'Deleted';
    if (this.address) this.host.releaseAddress(this.address);
    this.event('deleted');
    this.host.changed(this);
  }

  /** One-line status per container and the pod's recent events, for failure messages. */
  describe(lines = 20): string {
    const status = this.containers.map((c) => `  ${c.spec.name}: ${c.notRun ? `not run (${c.notRun})` : `${c.proc?.running ? 'running' : 'stopped'}, ready=${c.ready}, restarts=${c.restarts}, last ${c.lastProbe || 'no probe yet'}`}`);
    const logs = [...this.initContainers, ...this.containers].filter((c) => c.proc)
      .map((c) => `  --- ${c.spec.name} log (last ${lines} lines):\n${c.proc!.tail(lines).split('\n').map((l) => `    ${l}`).join('\n')}`);
    const events = this.events.slice(-8).map((e) => `  event ${e}`);
    return `pod ${this.name} (${this.address?.ip ?? 'no ip'}, ${this.phase}, ready=${this.ready}):\n${status.join('\n')}\n${events.join('\n')}\n${logs.join('\n')}`;
  }
}

/** Kubelet crash-loop back-off in seconds: 0, 10, 20, 40 ... 300. */
function backoff(n: number): number {
  return n <= 0 ? 0 : Math.min(300, 10 * 2 ** (n - 1));
}

/** A timer that does not keep the test process alive (probe loops of a stopped cluster just lapse). */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
