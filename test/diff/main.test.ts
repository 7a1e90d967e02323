/**
 * The diff on real git history: a temp repository whose commits carry a dist/ synthesized from
 * shipped platforms, then the four kinds of change a reviewer meets, compared in --from-dist mode.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { runDiff } from '../../diff/main';
import { PLATFORMS } from '../../platforms';
import { synthEnvironment } from '../../charts/platform';
import { normalize, renderYaml } from '../../synth/render';
import { listFiles } from '../../synth/write';
import { deployment, kafkaTopic, Obj, statefulSet } from './fixtures';
import { TempRepo } from './temp-repo';

const PLATFORM = 'deltran-mvp';
const FIXTURES = `dist/${PLATFORM}/prod/review-fixtures.k8s.yaml`;
const CLI = path.join(__dirname, '..', '..', 'lib', 'diff', 'main.js');

/**
 * dist/<platform>/prod rendered the way synth writes it. Validation is left to the synth tests:
 * this test is about the diff, and must not depend on every component being valid today.
 */
function writeSynthesized(repo: TempRepo): void {
  const def = PLATFORMS.find((p) => p.name === PLATFORM)!;
  for (const f of synthEnvironment(def, 'prod').files) {
    repo.write(`dist/${PLATFORM}/prod/${f.file}.k8s.yaml`, renderYaml(f.objects.map(normalize)));
  }
}

/** dist/ as objects per file, editable, written back with the synth's own renderer. */
class Dist {
  readonly files = new Map<string, Obj[]>();

  constructor(private readonly repo: TempRepo) {
    for (const rel of listFiles(path.join(repo.dir, 'dist')).filter((f) => f.endsWith('.k8s.yaml'))) {
      const text = fs.readFileSync(path.join(repo.dir, 'dist', rel), 'utf8');
      this.files.set(`dist/${rel}`, parseAllDocuments(text).map((d) => d.toJS() as Obj));
    }
  }

  /** The first object of `kind` in the prod environment: a synthesized one when the platform has it, else a crafted one added to a fixtures file. */
  take(kind: string, crafted: () => Obj): Obj {
    for (const [file, objects] of this.files) {
      const hit = file.startsWith(`dist/${PLATFORM}/prod/`) ? objects.find((o) => o.kind === kind) : undefined;
      if (hit) return hit;
    }
    const obj = crafted();
    this.files.set(FIXTURES, [...(this.files.get(FIXTURES) ?? []), obj]);
    return obj;
  }

  save(): void {
    for (const [file, objects] of this.files) this.repo.write(file, renderYaml(objects));
  }
}

describe('runDiff --from-dist on real git history', () => {
  const repo = new TempRepo();
  const commits: Record<string, string> = {};
  let names: { sts: string; renamed: string; topic: string; deploy: string };

  beforeAll(() => {
    writeSynthesized(repo);
    const dist = new Dist(repo);
    const sts = dist.take('StatefulSet', () => statefulSet('orders-db'));
    const topic = dist.take('KafkaTopic', () => kafkaTopic('orders', 12));
    const deploy = dist.take('Deployment', () => deployment('api'));
    dist.save();
    commits.base = repo.commit('synthesized dist');
    names = { sts: sts.metadata.name, renamed: `${sts.metadata.name}-v2`, topic: topic.metadata.name, deploy: deploy.metadata.name };

    sts.metadata.name = names.renamed;
    dist.save();
    commits.rename = repo.commit('(a) rename a StatefulSet');

    const vct = sts.spec.volumeClaimTemplates[0];
    vct.spec.resources.requests.storage = '400Gi';
    dist.save();
    commits.volume = repo.commit('(b) change a volumeClaimTemplate');

    topic.spec.partitions = Math.max(1, Math.floor(topic.spec.partitions / 2));
    dist.save();
    commits.partitions = repo.commit('(c) fewer partitions');

    const container = deploy.spec.template.spec.containers[0];
    container.image = container.image.replace(/:[^:/]+$/, ':9.9.9');
    dist.save();
    commits.image = repo.commit('(d) image bump');
  });

  afterAll(() => repo.remove());

  const diff = (base: string, head: string) => runDiff({ repo: repo.dir, base, head, fromDist: true });

  test('(a) a renamed StatefulSet is a danger: exit 1', () => {
    const r = diff(commits.base, commits.rename);
    expect(r.exitCode).toBe(1);
    expect(r.dangers).toEqual([expect.objectContaining({ rule: 'data-renamed', scope: `${PLATFORM}/prod` })]);
    expect(r.dangers[0].object).toMatch(new RegExp(`apps/StatefulSet \\S+/${names.sts}$`));
    expect(r.diff.added.map((o) => o.id.name)).toEqual([names.renamed]);
    expect(r.diff.removed.map((o) => o.id.name)).toEqual([names.sts]);
    expect(r.diff.unchangedCount).toBeGreaterThan(3);
  });

  test('(b) a changed volumeClaimTemplate is a danger: exit 1', () => {
    const r = diff(commits.rename, commits.volume);
    expect(r.exitCode).toBe(1);
    expect(r.dangers.map((d) => [d.rule, d.summary.split(' ')[0]])).toEqual([['immutable-field', 'spec.volumeClaimTemplates']]);
    expect(r.report).toMatch(/volumeClaimTemplates\[name=\S+\]\.spec\.resources\.requests\.storage: "\S+" -> "400Gi"/);
  });

  test('(c) fewer partitions is a danger: exit 1', () => {
    const r = diff(commits.volume, commits.partitions);
    expect(r.exitCode).toBe(1);
    expect(r.dangers).toEqual([expect.objectContaining({ rule: 'partitions-decreased', object: expect.stringContaining(`KafkaTopic`) })]);
  });

  test('(d) an image bump is a change, not a danger: exit 0', () => {
    const r = diff(commits.partitions, commits.image);
    expect(r.exitCode).toBe(0);
    expect(r.dangers).toEqual([]);
    expect(r.diff.changed).toHaveLength(1);
    expect(r.diff.changed[0].changes.map((c) => c.path)).toContain(`spec.template.spec.containers[name=${r.diff.changed[0].after.object.spec.template.spec.containers[0].name}].image`);
    expect(r.report).toContain('-> ');
    expect(r.report).toContain(':9.9.9"');
  });

  test('all four commits at once: the three dangers together', () => {
    const r = diff(commits.base, commits.image);
    expect(r.dangers.map((d) => d.rule).sort()).toEqual(['data-renamed', 'partitions-decreased']);
    // the volume change is on the renamed StatefulSet, which is new on this range: no immutable-field then
    expect(r.diff.added).toHaveLength(1);
  });

  test('the CLI prints the report and exits 1 with dangers, 0 without, 2 for a bad ref', () => {
    if (!fs.existsSync(CLI)) throw new Error('lib/diff/main.js is missing: run `npm run build` (npm test does it first)');
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, '--repo', repo.dir, '--from-dist', ...args], { encoding: 'utf8' });
    const danger = cli(commits.volume, commits.partitions, '--markdown');
    expect(danger.status).toBe(1);
    expect(danger.stdout).toMatch(/^<!-- manifest-diff -->\n## Manifest diff/);
    expect(danger.stdout).toContain('partitions-decreased');
    const fine = cli(commits.partitions, commits.image);
    expect(fine.status).toBe(0);
    expect(fine.stdout).toContain(`Manifest diff: ${commits.partitions} (committed dist/) -> ${commits.image} (committed dist/)`);
    const bad = cli('no-such-ref', commits.image);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"no-such-ref" is not a commit/);
    const usage = cli();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('diff: a base ref is required, e.g. origin/main; see `npm run diff -- --help`\n');
  });
});
