import { spawn } from 'child_process';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import { ContainerProcess } from './container';
import { K8sObject } from './manifests';

export interface ProbeResult {
  readonly ok: boolean;
  readonly detail: string;
}

/** Resolves a probe port (number or container port name) to a number. */
export function probePort(port: number | string, container: K8sObject): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const hit = (container.ports ?? []).find((p: K8sObject) => p.name === port);
  if (!hit) throw new Error(`container ${container.name}: probe port "${port}" is not a named port of the container`);
  return hit.containerPort;
}

/** Runs one probe attempt the way the kubelet does (HTTP/TCP from the node to the pod IP, exec inside the container). */
export async function runProbe(probe: K8sObject, container: K8sObject, podIp: string, proc: ContainerProcess): Promise<ProbeResult> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) return httpProbe(probe.httpGet, container, podIp, timeoutMs);
  if (probe.tcpSocket) return tcpProbe(probe.tcpSocket.host ?? podIp, probePort(probe.tcpSocket.port, container), timeoutMs);
  if (probe.exec) return execProbe(probe.exec.command, proc, timeoutMs);
  throw new Error(`container ${container.name}: unsupported probe ${JSON.stringify(probe)}`);
}

function httpProbe(get: K8sObject, container: K8sObject, podIp: string, timeoutMs: number): Promise<ProbeResult> {
  const port = probePort(get.port, container);
  const scheme = String(get.scheme ?? 'HTTP').toUpperCase();
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.28' };
  for (const h of get.httpHeaders ?? []) headers[h.name] = h.value;
  const lib = scheme === 'HTTPS' ? https : http;
  return new Promise((resolve) => {
    const req = lib.request({
      host: get.host ?? podIp, port, path: get.path ?? '/', method: 'GET', headers, timeout: timeoutMs, rejectUnauthorized: false,
    }, (res) => {
      const code = res.statusCode ?? 0;
      let body = '';
      res.on('data', (c) => { if (body.length < 300) body += c; });
      res.on('end', () => resolve({ ok: code >= 200 && code < 400, detail: `HTTP ${code} ${body.trim().slice(0, 200)}` }));
    });
    req.on('timeout', () => { req.destroy(); resolve({ ok: false, detail: `GET ${scheme.toLowerCase()}://${podIp}:${port}${get.path}: timeout` }); });
    req.on('error', (e) => resolve({ ok: false, detail: `GET :${port}${get.path ?? '/'}: ${e.message}` }));
    req.end();
  });
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (r: ProbeResult) => { s.destroy(); resolve(r); };
    s.setTimeout(timeoutMs, () => done({ ok: false, detail: `tcp ${host}:${port}: timeout` }));
    s.once('connect', () => done({ ok: true, detail: `tcp ${host}:${port}: open` }));
    s.once('error', (e) => done({ ok: false, detail: `tcp ${host}:${port}: ${e.message}` }));
  });
}

function execProbe(command: string[], proc: ContainerProcess, timeoutMs: number): Promise<ProbeResult> {
  const argv = proc.execArgv(command);
  if (!argv) return Promise.resolve({ ok: false, detail: 'container not running' });
  return runCommand(argv, timeoutMs).then((r) => ({ ok: r.code === 0, detail: `exit ${r.code}: ${r.output.trim().slice(0, 300)}` }));
}

/** Runs argv with a timeout (killing its process group), collecting stdout+stderr. */
export function runCommand(argv: string[], timeoutMs: number, input?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let output = '';
    const add = (c: Buffer) => { if (output.length < 100_000) output += c.toString(); };
    child.stdout!.on('data', add);
    child.stderr!.on('data', add);
    if (input !== undefined) child.stdin!.end(input);
    const timer = setTimeout(() => {
      output += `\n(timed out after ${timeoutMs} ms)`;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: -1, output: `${output}${e.message}` }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}
