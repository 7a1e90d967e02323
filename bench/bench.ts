/**
 * `npm run bench`: synth wall time and peak memory for the shipped platforms, for generated
 * specs of 10/100/1000 components, and for the stock toolchain (`cdk8s synth` through ts-node,
 * as `cdk8s init` sets it up) on the default platform; the default platform with no validation
 * cache; `npm run diff` each way it can obtain a ref; the whole `npm test`. Prints Markdown
 * tables with the machine's core count and its load average next to each figure.
 * Timings are medians of several runs; this is a measurement, not a test (machines are noisy).
 * BENCH_RUNS sets the runs (default 5); BENCH_SKIP_STOCK and BENCH_SKIP_TESTS leave out the two
 * slowest rows.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveCommit } from '../diff/git';
import { refCacheFile } from '../diff/ref-output';
import { DEFAULT_PLATFORM, PLATFORMS } from '../platforms';
import { generatedPlatformSource } from './generated-platform';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'lib', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Row { name: string; components: number; objects: number; wallMs: number; synthMs: number; rssMb: number; load: number }

/** The 1-minute load average, printed next to each figure: on a busy machine wall times mean little. */
const load = () => os.loadavg()[0];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(name: string, components: number, args: string[], runs = RUNS, env: NodeJS.ProcessEnv = {}): Row {
  const loadAtStart = load();
  const walls: number[] = [];
  const synths: number[] = [];
  const rss: number[] = [];
  let objects = 0;
  for (let i = 0; i < runs; i++) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [MAIN, ...args, '--outdir', path.join(out, 'dist')], {
      encoding: 'utf8', env: { ...process.env, ...env, SYNTH_STATS: '1' }, maxBuffer: 1 << 26,
    });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${name}: synth failed\n${r.stderr}`);
    const stats = JSON.parse(r.stderr.trim().split('\n').pop()!);
    synths.push(stats.synthMs);
    rss.push(stats.maxRssKb / 1024);
    objects = stats.objects;
    fs.rmSync(out, { recursive: true, force: true });
  }
  return { name, components, objects, wallMs: median(walls), synthMs: median(synths), rssMb: median(rss), load: loadAtStart };
}

function measureStock(): Row | undefined {
  const tsNode = path.join(ROOT, 'node_modules', '.bin', 'ts-node');
  const cli = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
  if (!fs.existsSync(tsNode)) return undefined;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-stock-'));
  const loadAtStart = load();
  const walls: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const start = process.hrtime.bigint();
    // the app command `cdk8s init typescript-app` writes into cdk8s.yaml
    const app = `${tsNode} main.ts --platform ${DEFAULT_PLATFORM} --outdir ${path.join(out, 'dist')}`;
    const r = spawnSync(cli, ['synth', '--no-check-upgrade', '--app', app, '--output', path.join(out, 'cli')], { cwd: ROOT, encoding: 'utf8' });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`stock toolchain failed\n${r.stderr}`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  const def = PLATFORMS.find((p) => p.name === DEFAULT_PLATFORM)!;
  return { name: `${DEFAULT_PLATFORM} via stock cdk8s synth + ts-node`, components: componentCount(def), objects: NaN, wallMs: median(walls), synthMs: NaN, rssMb: NaN, load: loadAtStart };
}

function componentCount(def: (typeof PLATFORMS)[number]): number {
  const b = def.base;
  return ['postgres', 'redis', 'nats', 'kafka'].filter((k) => (b as unknown as Record<string, unknown>)[k]).length + Object.keys(b.services ?? {}).length;
}

interface Timed { name: string; wallMs: number; runs: number; load: number; note: string }

/** `npm run diff -- HEAD` (after its build step) each way a ref's output can be obtained. */
function measureDiff(): Timed[] {
  const diff = path.join(ROOT, 'lib', 'diff', 'main.js');
  const once = (args: string[]): { ms: number; source: string } => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [diff, 'HEAD', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status === 2) throw new Error(`diff failed\n${r.stderr}`);
    return { ms, source: /base [\d.]+ s \(([a-z-]+)\)/.exec(r.stderr)?.[1] ?? 'unknown' };
  };
  const series = (name: string, args: string[], runs: number): Timed => {
    const loadAtStart = load();
    const results = Array.from({ length: runs }, () => once(args));
    return { name, wallMs: median(results.map((x) => x.ms)), runs, load: loadAtStart, note: `base side: ${[...new Set(results.map((x) => x.source))].join(', ')}` };
  };
  // HEAD's cached output would be taken first: without it a clean working tree takes the specs-only path
  fs.rmSync(refCacheFile(ROOT, resolveCommit(ROOT, 'HEAD')), { force: true });
  const rows = [series('npm run diff -- HEAD', [], RUNS)];
  rows.push(series('npm run diff -- HEAD --rebuild (worktree build)', ['--rebuild'], Math.min(RUNS, 3)));
  // the rebuild cached HEAD: with non-spec changes in the working tree this is the cached path
  rows.push(series('npm run diff -- HEAD, right after a rebuild', [], RUNS));
  return rows;
}

function measureTests(): Timed {
  const loadAtStart = load();
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--silent'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const summary = /Tests:\s+(.*)/.exec(r.stderr)?.[1] ?? `exit ${r.status}`;
  return { name: 'npm test (jest, after the build)', wallMs: ms, runs: 1, load: loadAtStart, note: summary };
}

function main(): void {
  const rows: Row[] = [];
  const def = PLATFORMS.find((p) => p.name === DEFAULT_PLATFORM)!;
  rows.push(measure(`${DEFAULT_PLATFORM} (all envs), no caches`, componentCount(def), ['--platform', DEFAULT_PLATFORM], RUNS, { VALIDATION_CACHE: 'off', CODE_CACHE: 'off', RENDER_CACHE: 'off' }));
  for (const d of PLATFORMS) rows.push(measure(`${d.name} (all envs)`, componentCount(d), ['--platform', d.name]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gen-'));
  for (const n of [10, 100, 1000]) {
    const file = path.join(dir, `generated-${n}.js`);
    fs.writeFileSync(file, generatedPlatformSource(n));
    rows.push(measure(`generated, ${n} components (1 env)`, n, ['--spec-module', file], n >= 1000 ? 3 : RUNS));
  }
  const stock = process.env.BENCH_SKIP_STOCK ? undefined : measureStock();
  if (stock) rows.push(stock);

  const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  console.log(`Node ${process.version}, ${os.cpus().length} cores, median of ${RUNS} runs (3 for 1000 components and stock); load: the 1-minute load average when the row started\n`);
  console.log('| run | components | objects | wall time (ms) | synth+validate (ms) | ms per component | peak RSS (MB) | load |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.components} | ${fmt(r.objects)} | ${fmt(r.wallMs)} | ${fmt(r.synthMs)} | ${fmt(r.wallMs / r.components, 1)} | ${fmt(r.rssMb)} | ${r.load.toFixed(1)} |`);
  }
  if (stock) {
    const ours = rows.find((r) => r.name === `${DEFAULT_PLATFORM} (all envs)`)!;
    console.log(`\nstock toolchain / compiled app on ${DEFAULT_PLATFORM}: ${(stock.wallMs / ours.wallMs).toFixed(1)}x`);
  }

  const timed = measureDiff();
  if (!process.env.BENCH_SKIP_TESTS) timed.push(measureTests());
  console.log('\n| run | runs | wall time (ms) | load | |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of timed) console.log(`| ${r.name} | ${r.runs} | ${fmt(r.wallMs)} | ${r.load.toFixed(1)} | ${r.note} |`);
}

main();
