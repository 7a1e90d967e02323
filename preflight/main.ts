/**
 * `npm run preflight -- --context <ctx> --platform <name> --env <env>`: checks a target cluster
 * before the first sync of dist/<platform>/<env>. One line per check, exit code 1 on any FAIL.
 */
import * as fs from 'fs';
import * as path from 'path';
import { clientLibrary, connect } from '../cluster/lib/client';
import { readEnvironment } from '../cluster/lib/manifests';
import { DEFAULT_PLATFORM } from '../platforms';
import { formatResults } from './checks';
import { preflight } from './run';

const ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, '..', 'package.json')) ? '..' : '../..');

const HELP = `Usage: npm run preflight -- --env <env> [--platform <name>] [--context <ctx>] [--kubeconfig <file>] [--dist <dir>]

Checks the cluster of a kubeconfig context before Argo CD first syncs dist/<platform>/<env>:
Kubernetes version, the APIs and CRD versions the manifests use, Istio's CNI when the mesh is on,
the Argo CD version the sync options need, the StorageClasses the claims use, and the Secrets the
manifests read (names and keys only; values are never read out or printed).

  --env         environment folder under dist/<platform>/ (required)
  --platform    platform folder under dist/ (default: ${DEFAULT_PLATFORM})
  --context     kubeconfig context (default: the current context)
  --kubeconfig  kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
  --dist        synthesized output folder (default: dist/ of this project)
  --help        this text

Exit code: 0 when every check is ok, 1 when any FAILs, 2 on a usage or connection error.`;

interface Args { env?: string; platform: string; context?: string; kubeconfig?: string; dist: string; help: boolean }

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { platform: DEFAULT_PLATFORM, dist: path.join(ROOT, 'dist'), help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--env') args.env = value();
    else if (a === '--platform') args.platform = value();
    else if (a === '--context') args.context = value();
    else if (a === '--kubeconfig') args.kubeconfig = path.resolve(value());
    else if (a === '--dist') args.dist = path.resolve(value());
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new UsageError(`unknown argument "${a}"`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  if (!args.env) throw new UsageError('--env is required');
  const dir = path.join(args.dist, args.platform, args.env);
  if (!fs.existsSync(dir)) throw new UsageError(`${dir} does not exist: run \`npm run synth\`, or check --platform and --env`);
  const objects = readEnvironment(dir).map((m) => m.object);

  const lib = clientLibrary();
  const config = new lib.KubeConfig();
  if (args.kubeconfig) config.loadFromFile(args.kubeconfig); else config.loadFromDefault();
  if (args.context) {
    const known = config.getContexts().map((c) => c.name);
    if (!known.includes(args.context)) throw new UsageError(`--context "${args.context}" is not in the kubeconfig; it has ${known.join(', ') || 'no contexts'}`);
    config.setCurrentContext(args.context);
  }
  console.log(`preflight of ${args.platform}/${args.env} against context "${config.getCurrentContext()}"`);
  const results = await preflight(connect(config), objects);
  console.log(formatResults(results));
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed === 0 ? `all ${results.length} checks ok` : `${failed} of ${results.length} checks FAILED`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then((code) => { process.exitCode = code; }, (err) => {
    console.error(err instanceof UsageError ? `preflight: ${err.message}\n\n${HELP}` : `preflight: cannot check the cluster: ${(err as Error).message}`);
    process.exitCode = 2;
  });
}
