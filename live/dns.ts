import * as fs from 'fs';
import * as path from 'path';
import { Pod } from './pod';
import { serviceNames, ServiceState } from './services';

/** The files bind-mounted over a container's /etc/hosts, /etc/resolv.conf and /etc/hostname. */
export interface EtcFiles {
  readonly hosts: string;
  readonly resolv: string;
  readonly hostname: string;
}

export function etcFilesOf(podDir: string): EtcFiles {
  return { hosts: path.join(podDir, 'etc-hosts'), resolv: path.join(podDir, 'etc-resolv.conf'), hostname: path.join(podDir, 'etc-hostname') };
}

/**
 * What cluster DNS would answer, as a hosts file: the pod's own name (as the kubelet writes it),
 * every ClusterIP Service at its proxy address, every headless Service at its endpoints, and
 * `<pod>.<service>` for the StatefulSet pods among those endpoints. All spellings are listed,
 * because the hosts file knows no search domains.
 */
export function hostsFile(services: readonly ServiceState[], namespace: string, pod?: Pod): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  if (pod?.address) {
    lines.push(pod.subdomain ? `${pod.ip}\t${pod.name}.${pod.subdomain}.${namespace}.svc.cluster.local ${pod.name}` : `${pod.ip}\t${pod.name}`);
  }
  for (const svc of services) {
    const names = serviceNames(svc.name, namespace).join(' ');
    if (!svc.headless) {
      lines.push(`${svc.ip}\t${names}`);
      continue;
    }
    for (const ep of svc.endpoints()) {
      lines.push(`${ep.ip}\t${names}`);
      if (ep.subdomain === svc.name) lines.push(`${ep.ip}\t${serviceNames(`${ep.name}.${svc.name}`, namespace).join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the three files in place (same inode), so containers that bind-mounted them see the change. */
export function writeEtcFiles(files: EtcFiles, hosts: string, namespace: string, podName: string): void {
  const write = (file: string, text: string) => {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT);
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, text, 0);
    fs.closeSync(fd);
    fs.chmodSync(file, 0o644);
  };
  write(files.hosts, hosts);
  write(files.resolv, `# no DNS server: every cluster name is in /etc/hosts\nnameserver 127.0.0.1\nsearch ${namespace}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:1\n`);
  write(files.hostname, `${podName}\n`);
}
