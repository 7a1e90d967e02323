import * as net from 'net';
import { K8sObject, matchesSelector } from './manifests';
import { Pod } from './pod';
import { probePort } from './probes';

/**
 * A Service as kube-proxy and cluster DNS make it: headless Services resolve to their endpoint
 * pods; ClusterIP Services get an address on the bridge where a userspace proxy (kube-proxy's
 * original mode) forwards each connection to one endpoint, round robin. Endpoints are the pods
 * the selector matches that are ready (or all of them with publishNotReadyAddresses).
 */
export class ServiceState {
  readonly name: string;
  readonly headless: boolean;
  readonly publishNotReady: boolean;
  private readonly servers = new Map<number, net.Server>();
  private readonly open = new Set<net.Socket>();
  private turn = 0;

  constructor(readonly obj: K8sObject, readonly ip: string | undefined, private readonly pods: () => Pod[]) {
    this.name = obj.metadata.name;
    this.headless = obj.spec?.clusterIP === 'None' || obj.spec?.clusterIp === 'None';
    this.publishNotReady = !!obj.spec?.publishNotReadyAddresses;
  }

  get selector(): Record<string, string> | undefined {
    return this.obj.spec?.selector;
  }

  /** Pods behind the Service now. */
  endpoints(): Pod[] {
    return this.pods().filter((p) => p.address && matchesSelector(this.selector, p.allLabels)
      && (p.phase === 'Running' || p.phase === 'Initializing' || (p.phase === 'Terminating' && this.publishNotReady))
      && (this.publishNotReady || p.ready));
  }

  /** Opens proxies while there are endpoints and closes them when there are none (clients then get "connection refused"). */
  sync(): void {
    if (this.headless || !this.ip) return;
    const hasEndpoints = this.endpoints().length > 0;
    for (const port of this.obj.spec?.ports ?? []) {
      const listening = this.servers.get(port.port);
      if (hasEndpoints && !listening) this.listen(port);
      if (!hasEndpoints && listening) {
        listening.close();
        this.servers.delete(port.port);
      }
    }
  }

  private listen(port: K8sObject): void {
    const server = net.createServer((client) => this.forward(client, port));
    server.on('error', () => undefined);
    server.listen(port.port, this.ip);
    this.servers.set(port.port, server);
  }

  private forward(client: net.Socket, port: K8sObject): void {
    const eps = this.endpoints();
    if (eps.length === 0) {
      client.destroy();
      return;
    }
    const pod = eps[this.turn++ % eps.length];
    let target: number;
    try {
      target = targetPort(port, pod);
    } catch {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: pod.ip, port: target });
    this.open.add(client);
    this.open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.open.delete(client);
      this.open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  close(): void {
    for (const s of this.servers.values()) s.close();
    this.servers.clear();
    for (const s of this.open) s.destroy();
  }
}

/** A Service port's targetPort on one pod (number, or a container port name looked up in the pod). */
export function targetPort(port: K8sObject, pod: Pod): number {
  const t = port.targetPort ?? port.port;
  if (typeof t === 'number' || /^\d+$/.test(String(t))) return Number(t);
  for (const c of pod.spec.containers ?? []) {
    const hit = (c.ports ?? []).find((p: K8sObject) => p.name === t);
    if (hit) return hit.containerPort;
  }
  return probePort(String(t), pod.spec.containers[0]);
}

/** DNS names of a Service in the pod's cluster domain, short to fully qualified (hosts files need every form). */
export function serviceNames(name: string, namespace: string): string[] {
  return [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
}
