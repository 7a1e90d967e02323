import * as fs from 'fs';
import { CleanupStack, isAlive, killGroup, sh } from './cleanup';

/**
 * Prefix of every network namespace and link a live run creates: "lt" + the test process's pid
 * in base 36 + "_" + a number no link or namespace of this machine uses yet (the kernel frees a
 * deleted namespace's veth asynchronously, so names are never reused within a process).
 */
const PREFIX = 'lt';

export interface PodAddress {
  /** Network namespace name (under /run/netns). */
  readonly netns: string;
  readonly ip: string;
}

/**
 * One network namespace per pod on a private bridge, like a single-node cluster's pod network:
 * each pod has its own address and the whole port range (servers may bind 0.0.0.0 on their
 * standard ports, as in Kubernetes), plus its own loopback. The test process sits on the bridge
 * address, so it reaches every pod the way the kubelet and other pods do.
 */
export class PodNetwork {
  readonly tag = unusedTag();
  readonly bridge = `${this.tag}br`;
  readonly prefix: string;
  readonly hostIp: string;
  private nextPod = 10;
  private nextService = 10;
  private nextInfra = 2;
  private links = 0;

  constructor(private readonly cleanup: CleanupStack) {
    sweepStaleRuns();
    this.prefix = freePrefix();
    this.hostIp = `${this.prefix}.0.1`;
    sh('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
    cleanup.push(`bridge ${this.bridge}`, () => sh('ip', ['link', 'del', this.bridge], { allowFail: true }));
    sh('ip', ['addr', 'add', `${this.hostIp}/16`, 'dev', this.bridge]);
    sh('ip', ['link', 'set', this.bridge, 'up']);
  }

  /** A namespace for a pod of the manifests (10.x.1.y). */
  addPod(pod: string): PodAddress {
    return this.addNamespace(pod, `${this.prefix}.${1 + Math.floor(this.nextPod / 250)}.${(this.nextPod++ % 250) + 2}`);
  }

  /** A namespace for harness infrastructure such as the etcd standing in for the Kubernetes API (10.x.0.y). */
  addInfra(name: string): PodAddress {
    return this.addNamespace(name, `${this.prefix}.0.${this.nextInfra++ + 1}`);
  }

  /** A Service cluster IP (10.x.200.y), owned by the test process on the bridge. */
  addServiceIp(): string {
    const ip = `${this.prefix}.200.${this.nextService++}`;
    sh('ip', ['addr', 'add', `${ip}/32`, 'dev', this.bridge]);
    return ip;
  }

  /** Deletes a pod's namespace (and its veth) when the pod is deleted. */
  removePod(address: PodAddress): void {
    deleteNamespace(address.netns);
  }

  private addNamespace(name: string, ip: string): PodAddress {
    const netns = `${this.tag}-${name}`.slice(0, 50) + `-${this.links}`;
    const link = `${this.tag}v${this.links++}`;
    sh('ip', ['netns', 'add', netns]);
    this.cleanup.push(`netns ${netns}`, () => deleteNamespace(netns));
    sh('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
    sh('ip', ['link', 'set', link, 'master', this.bridge, 'up']);
    sh('ip', ['-n', netns, 'addr', 'add', `${ip}/16`, 'dev', 'eth0']);
    sh('ip', ['-n', netns, 'link', 'set', 'eth0', 'up']);
    sh('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    sh('ip', ['-n', netns, 'route', 'add', 'default', 'via', this.hostIp]);
    return { netns, ip };
  }
}

function unusedTag(): string {
  const names = [
    ...sh('ip', ['-o', 'link', 'show']).split('\n').map((l) => /^\d+:\s+([^:@]+)/.exec(l)?.[1] ?? ''),
    ...(fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns') : []),
  ];
  for (let n = 0; ; n++) {
    const tag = `${PREFIX}${process.pid.toString(36)}_${n.toString(36)}`;
    if (!names.some((name) => name.startsWith(tag) && /^(br|v\d|-)/.test(name.slice(tag.length)))) return tag;
  }
}

/** Kills whatever still runs in a namespace, then deletes it (its veth goes with it). */
function deleteNamespace(netns: string): void {
  const pids = sh('ip', ['netns', 'pids', netns], { allowFail: true }).split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) killGroup(pid);
  sh('ip', ['netns', 'del', netns], { allowFail: true });
}

/** First 10.N.0.0/16 (N from 120) that no interface of this machine uses. */
function freePrefix(): string {
  const used = sh('ip', ['-o', '-4', 'addr']);
  for (let n = 120; n < 250; n++) {
    if (!used.includes(` 10.${n}.`)) return `10.${n}`;
  }
  throw new Error('no free 10.N.0.0/16 for the pod network');
}

/**
 * Removes namespaces and bridges left by a live run whose test process died without cleaning up
 * (SIGKILL, machine reset). Only names with our prefix whose owning pid is gone are touched.
 */
function sweepStaleRuns(): void {
  const owner = (name: string): number | undefined => {
    const m = new RegExp(`^${PREFIX}([0-9a-z]+)_`).exec(name);
    return m ? parseInt(m[1], 36) : undefined;
  };
  const stale = (name: string) => {
    const pid = owner(name);
    return pid !== undefined && pid !== process.pid && !isAlive(pid);
  };
  const namespaces = fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns') : [];
  for (const ns of namespaces.filter(stale)) deleteNamespace(ns);
  const links = sh('ip', ['-o', 'link', 'show', 'type', 'bridge'], { allowFail: true })
    .split('\n').map((l) => /^\d+:\s+([^:@]+)/.exec(l)?.[1]).filter((n): n is string => !!n);
  for (const link of links.filter(stale)) sh('ip', ['link', 'del', link], { allowFail: true });
}
