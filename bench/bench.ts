/**
 * `npm run bench`: synth wall time and peak memory for the shipped platforms, for generated
 * specs of 10/100/1000 components, and for the stock toolchain (`cdk8s synth` through ts-node,
 * as `cdk8s init` sets it up) on the default platform. Prints a Markdown table.
 * Timings are medians of several runs; this is a measurement, not a test (machines are noisy).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_PLATFORM, PLATFORMS } from '../platforms';
import { generatedPlatformSource } from './generated-platform';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'lib', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Row { name: string; components: number; objects: number; wallMs: number; synthMs: number; rssMb: number }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(name: string, components: number, args: string[], runs = RUNS): Row {
  const walls: number[] = [];
  const synths: number[] = [];
  const rss: number[] = [];
  let objects = 0;
  for (let i = 0; i < runs; i++) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [MAIN, ...args, '--outdir', path.join(out, 'dist')], {
      encoding: 'utf8', env: { ...process.env, SYNTH_STATS: '1' }, maxBuffer: 1 << 26,
    });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${name}: synth failed\n${r.stderr}`);
    const stats = JSON.parse(r.stderr.trim().split('\n').pop()!);
    synths.push(stats.synthMs);
    rss.push(stats.maxRssKb / 1024);
    objects = stats.objects;
    fs.rmSync(out, { recursive: true, force: true });
  }
  return { name, components, objects, wallMs: median(walls), synthMs: median(synths), rssMb: median(rss) };
}

function measureStock(): Row | undefined {
  const tsNode = path.join(ROOT, 'node_modules', '.bin', 'ts-node');
  const cli = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
  if (!fs.existsSync(tsNode)) return undefined;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-stock-'));
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
  return { name: `${DEFAULT_PLATFORM} via stock cdk8s synth + ts-node`, components: componentCount(def), objects: NaN, wallMs: median(walls), synthMs: NaN, rssMb: NaN };
}

function componentCount(def: (typeof PLATFORMS)[number]): number {
  const b = def.base;
  return ['postgres', 'redis', 'nats', 'kafka'].filter((k) => (b as unknown as Record<string, unknown>)[k]).length + Object.keys(b.services ?? {}).length;
}

function main(): void {
  const rows: Row[] = [];
  for (const def of PLATFORMS) rows.push(measure(`${def.name} (all envs)`, componentCount(def), ['--platform', def.name]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gen-'));
  for (const n of [10, 100, 1000]) {
    const file = path.join(dir, `generated-${n}.js`);
    fs.writeFileSync(file, generatedPlatformSource(n));
    rows.push(measure(`generated, ${n} components (1 env)`, n, ['--spec-module', file], n >= 1000 ? 3 : RUNS));
  }
  const stock = process.env.BENCH_SKIP_STOCK ? undefined : measureStock();
  if (stock) rows.push(stock);

  const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  console.log(`Node ${process.version}, ${os.cpus().length} cores, median of ${RUNS} runs (3 for 1000 components and stock)\n`);
  console.log('| run | components | objects | wall time (ms) | synth+validate (ms) | ms per component | peak RSS (MB) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.components} | ${fmt(r.objects)} | ${fmt(r.wallMs)} | ${fmt(r.synthMs)} | ${fmt(r.wallMs / r.components, 1)} | ${fmt(r.rssMb)} |`);
  }
  if (stock) {
    const ours = rows.find((r) => r.name.startsWith(`${DEFAULT_PLATFORM} `))!;
    console.log(`\nstock toolchain / compiled app on ${DEFAULT_PLATFORM}: ${(stock.wallMs / ours.wallMs).toFixed(1)}x`);
  }
}

main();
