import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { killGroup } from './cleanup';
import { ImageMapping } from './images';

/** Where a volume's local folder (or file) appears inside the container. */
export interface MountPlan {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** The source is a single file (subPath onto a file). */
  readonly file?: boolean;
}

/** Everything needed to start one container of a pod as local processes. */
export interface ContainerPlan {
  readonly pod: string;
  readonly name: string;
  readonly netns: string;
  /** Folder owned by this container: its writable-layer scratch, root mount point and log. */
  readonly dir: string;
  readonly image: ImageMapping;
  readonly argv: string[];
  readonly env: Array<[string, string]>;
  readonly workingDir: string;
  readonly uid: number;
  readonly gid: number;
  readonly groups: number[];
  readonly readOnlyRootFilesystem: boolean;
  readonly mounts: MountPlan[];
  /** Pod files bind-mounted over the image's /etc/hosts, /etc/resolv.conf and /etc/hostname. */
  readonly etc: { hosts: string; resolv: string; hostname: string };
}

/** Host folders the image does not have: each is replaced by an empty folder in the container. */
const HIDDEN = ['/tmp', '/var/tmp', '/usr/local', '/home', '/root', '/run', '/opt', '/srv', '/mnt'];

/**
 * Runs a container the way a runtime would, with local binaries instead of an image:
 * a PID, mount, UTS and IPC namespace of its own inside the pod's network namespace; a root
 * filesystem that is an overlay of this machine's root (fresh writable layer per start,
 * remounted read-only when the manifest says readOnlyRootFilesystem), host-only folders hidden,
 * the image's binaries linked at the paths the image has them, the pod's volumes bind-mounted
 * at their mount paths, the pod's /etc/hosts, and the uid/gid/groups of the securityContext.
 */
export class ContainerProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  readonly logFile: string;
  startedAt = 0;
  restarts = -1;

  constructor(readonly plan: ContainerPlan) {
    this.logFile = path.join(plan.dir, 'log');
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Host pid of the launcher (its process group holds the whole container). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts (or restarts) the container; resolves once the process is spawned. */
  start(): void {
    if (this.running) throw new Error(`${this.plan.pod}/${this.plan.name} is already running`);
    this.restarts++;
    const p = this.plan;
    const root = path.join(p.dir, 'root');
    const scratch = path.join(p.dir, 'scratch');
    fs.mkdirSync(root, { recursive: true });
    fs.mkdirSync(scratch, { recursive: true });
    fs.mkdirSync(path.join(p.dir, 'files'), { recursive: true });
    Object.values(p.image.files ?? {}).forEach((f, i) => fs.writeFileSync(path.join(p.dir, 'files', String(i)), f.content));
    const script = path.join(p.dir, 'start.sh');
    fs.writeFileSync(script, setupScript(p, root, scratch));
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n==== ${new Date().toISOString()} start #${this.restarts}: ${p.argv.join(' ')}\n`);
    const envArgs = p.env.map(([k, v]) => `${k}=${v}`);
    this.child = spawn('nsenter', [
      `--net=/run/netns/${p.netns}`, '--',
      'unshare', '--pid', '--fork', '--kill-child', '--mount', '--uts', '--ipc', '--propagation', 'private', '--',
      '/bin/sh', script, ...envArgs, ...p.argv,
    ], { detached: true, stdio: ['ignore', log, log], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    fs.closeSync(log);
    this.startedAt = Date.now();
    const child = this.child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ? null : code)));
  }

  /** Resolves with the exit code (null when killed by a signal) when the current run ends. */
  waitExit(): Promise<number | null> {
    return this.exited ?? Promise.resolve(null);
  }

  /** The container's PID 1 as seen from this machine (the launcher's only child). */
  containerPid(): number | undefined {
    const pid = this.child?.pid;
    if (!pid || !this.running) return undefined;
    try {
      const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      return children.length > 0 ? Number(children[0]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** SIGKILL: every process of the container dies at once (its PID namespace goes away). */
  kill(): void {
    if (this.child?.pid && this.running) killGroup(this.child.pid, 'SIGKILL');
  }

  /** Sends a signal to the container's PID 1 (as the runtime does for SIGTERM on stop). */
  signal(sig: NodeJS.Signals): void {
    const pid = this.containerPid();
    if (pid) {
      try {
        process.kill(pid, sig);
      } catch {
        /* exited meanwhile */
      }
    }
  }

  /** Command line that runs `argv` inside this container (namespaces, root, user, env). */
  execArgv(argv: string[]): string[] | undefined {
    const pid = this.containerPid();
    if (!pid) return undefined;
    const p = this.plan;
    return [
      'nsenter', '-t', String(pid), '-n', '-m', '-p', '-u', '-i', '-r', '-w', '--',
      ...userSwitch(p), '--', 'env', '-i', ...p.env.map(([k, v]) => `${k}=${v}`), ...argv,
    ];
  }

  tail(lines = 40): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function userSwitch(p: ContainerPlan): string[] {
  const groups = [...new Set(p.groups)];
  return [
    'setpriv', `--reuid=${p.uid}`, `--regid=${p.gid}`,
    ...(groups.length > 0 ? [`--groups=${groups.join(',')}`] : ['--clear-groups']),
  ];
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The shell script run as root inside the fresh namespaces; it ends by exec-ing the container
 * command. Every path inside the container is resolved within the new root first (`inroot`), so
 * an absolute symlink of the image (Debian's /var/run -> /run) never leads a mount out of it.
 */
function setupScript(p: ContainerPlan, root: string, scratch: string): string {
  const R = q(root);
  const S = q(scratch);
  const lines: string[] = [
    'set -eu',
    `R=${R}`,
    'inroot() { printf %s "$R$(chroot "$R" /usr/bin/realpath -m "$1")"; }',
    `mount -t tmpfs -o mode=0755 tmpfs ${S}`,
    `mkdir -p ${S}/upper ${S}/work ${S}/hidden`,
    `mount -t overlay overlay -o lowerdir=/,upperdir=${S}/upper,workdir=${S}/work "$R"`,
  ];
  HIDDEN.forEach((dir, i) => {
    const mode = dir.endsWith('tmp') ? '1777' : '0755';
    lines.push(`if [ -d "$R${dir}" ] && [ ! -L "$R${dir}" ]; then mkdir -m ${mode} ${S}/hidden/${i}; mount --bind ${S}/hidden/${i} "$R${dir}"; fi`);
  });
  lines.push(
    'mount -t proc proc "$R/proc"',
    'mount --rbind /dev "$R/dev"',
    'mount -t tmpfs -o mode=1777,size=64m tmpfs "$R/dev/shm"',
    'mount --rbind /sys "$R/sys"',
  );
  for (const [image, local] of Object.entries(p.image.links ?? {})) {
    lines.push(`t=$(inroot ${q(image)}); mkdir -p "$(dirname "$t")"; rm -f "$t"; ln -s ${q(local)} "$t"`);
  }
  Object.entries(p.image.files ?? {}).forEach(([image, f], i) => {
    lines.push(`t=$(inroot ${q(image)}); mkdir -p "$(dirname "$t")"; rm -f "$t"; cp ${q(path.join(p.dir, 'files', String(i)))} "$t"; chmod ${f.mode.toString(8)} "$t"`);
  });
  for (const [file, entries] of [['/etc/passwd', p.image.passwd ?? []], ['/etc/group', p.image.group ?? []]] as const) {
    for (const line of entries) {
      lines.push(`grep -q ${q(`^${line.split(':')[0]}:`)} "$R${file}" || echo ${q(line)} >> "$R${file}"`);
    }
  }
  // Mount points first (the root may turn read-only next), then the read-only switch, then the binds.
  const mounts = [...p.mounts].sort((a, b) => a.target.split('/').length - b.target.split('/').length);
  const etc: MountPlan[] = [['/etc/hosts', p.etc.hosts], ['/etc/resolv.conf', p.etc.resolv], ['/etc/hostname', p.etc.hostname]]
    .map(([target, source]) => ({ source, target, readOnly: false, file: true }));
  const makeTarget = (m: MountPlan) => (m.file
    ? `t=$(inroot ${q(m.target)}); mkdir -p "$(dirname "$t")"; [ -e "$t" ] || touch "$t"`
    : `t=$(inroot ${q(m.target)}); mkdir -p "$t"`);
  for (const m of [...etc, ...mounts]) lines.push(makeTarget(m));
  lines.push(`mkdir -p "$(inroot ${q(p.workingDir)})"`);
  if (p.readOnlyRootFilesystem) {
    lines.push('mount -o remount,bind,ro "$R"');
    for (const dir of HIDDEN) lines.push(`if mountpoint -q "$R${dir}"; then mount -o remount,bind,ro "$R${dir}"; fi`);
  }
  // Parents before children, so a volume mounted inside another volume lands on top of it.
  for (const m of [...etc, ...mounts]) {
    lines.push(`${makeTarget(m)} 2>/dev/null || true`, `mount --bind ${q(m.source)} "$t"`);
    if (m.readOnly) lines.push('mount -o remount,bind,ro "$t"');
  }
  lines.push(`hostname ${q(p.pod)}`);
  lines.push(`exec chroot "$R" ${userSwitch(p).join(' ')} -- env -i -C ${q(p.workingDir)} "$@"`);
  return `${lines.join('\n')}\n`;
}
