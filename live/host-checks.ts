import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeTree, sh } from './cleanup';

/** Root, the namespace tools, and a machine that allows namespaces and overlay roots; fails with the reason otherwise. */
export function requireRoot(): void {
  if (process.getuid && process.getuid() !== 0) {
    throw new Error('the live tests create network namespaces, bind mounts and veth links: run them as root (CI: `sudo env "PATH=$PATH" npm run test:live`)');
  }
  for (const bin of ['ip', 'nsenter', 'unshare', 'setpriv', 'chroot', 'mountpoint', 'stdbuf']) requireBinary(bin);
  preflight();
}

let preflightDone = false;

/** Fails early, with the reason, when this machine cannot give pods their namespaces and overlay roots. */
function preflight(): void {
  if (preflightDone) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `live-${process.pid.toString(36)}-preflight-`));
  try {
    sh('unshare', ['--mount', '--net', '--pid', '--fork', '--propagation', 'private', '--', 'sh', '-c',
      `set -e; mount -t tmpfs tmpfs ${dir}; mkdir ${dir}/u ${dir}/w ${dir}/m; mount -t overlay overlay -o lowerdir=/,upperdir=${dir}/u,workdir=${dir}/w ${dir}/m; test -x ${dir}/m/bin/sh`]);
  } catch (e) {
    throw new Error(`this machine cannot run the live tests: creating mount/network/PID namespaces and an overlay root failed (${(e as Error).message}). They need root on a Linux host or VM (in a container: --privileged).`);
  } finally {
    removeTree(dir);
  }
  preflightDone = true;
}

/** Fails with the package to install when a binary a test needs is missing (tests never skip). */
export function requireBinary(bin: string, pkg?: string): string {
  const found = sh('sh', ['-c', `command -v ${bin} || true`]).trim();
  if (!found) throw new Error(`"${bin}" is not installed${pkg ? `: apt-get install -y ${pkg}` : ''} (the live tests run real binaries and never skip)`);
  return found;
}

/** Removes run folders of live runs whose test process is gone (killed before it could clean up). */
export function sweepStaleRunDirs(): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const m = /^live-([0-9a-z]+)-/.exec(entry);
    if (!m) continue;
    let alive = true;
    try { process.kill(parseInt(m[1], 36), 0); } catch { alive = false; }
    if (!alive) removeTree(path.join(os.tmpdir(), entry));
  }
}
