import * as fs from 'fs';
import * as path from 'path';
import { SpecError } from '../../charts/lib/errors';
import { PlatformDefinition } from '../../charts/spec';
import { PLATFORMS } from '../../platforms';
import { synth, ValidationFailed } from '../../synth/run';
import { listFiles } from '../../synth/write';
import { tempDir } from '../temp-dirs';

const DEFAULT = PLATFORMS[0];

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function tempDist(): string {
  return path.join(tempDir('synth-test-'), 'dist');
}

/** A shipped platform with one value broken by `mutate`. */
function broken(envOverride: Record<string, unknown>): PlatformDefinition {
  return { ...DEFAULT, environments: { ...DEFAULT.environments, dev: envOverride } };
}

describe('synth', () => {
  test('two runs give byte-identical files', () => {
    const a = tempDist();
    const b = tempDist();
    synth({ platforms: [DEFAULT], outdir: a });
    synth({ platforms: [DEFAULT], outdir: b });
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(Object.keys(snapshot(a)).length).toBeGreaterThan(3);
  });

  test('writes dist/<platform>/<env>/<component>.k8s.yaml', () => {
    const out = tempDist();
    synth({ platforms: [DEFAULT], outdir: out });
    const files = listFiles(out);
    expect(files).toContain(`${DEFAULT.name}/dev/namespace.k8s.yaml`);
    expect(files.filter((f) => !f.endsWith('/README.md')).every((f) => /^[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+\.k8s\.yaml$/.test(f))).toBe(true);
  });

  test.each([
    ['replicas 0', { services: { gateway: { replicas: 0 } } }, /services\.gateway\.replicas: received 0/],
    ['a name that is not DNS-1123', { namespace: 'Deltran_NS' }, /namespace: received "Deltran_NS"; expected a DNS-1123 label/],
  ])('a bad spec value (%s) fails with a clear error and leaves dist as it was', (_label, override, message) => {
    const out = tempDist();
    synth({ platforms: [DEFAULT], outdir: out });
    const before = snapshot(out);
    expect(() => synth({ platforms: [broken(override)], outdir: out })).toThrow(SpecError);
    expect(() => synth({ platforms: [broken(override)], outdir: out })).toThrow(message);
    expect(snapshot(out)).toEqual(before);
  });

  test('the problems of every environment and platform are reported in one run', () => {
    const out = tempDist();
    const def: PlatformDefinition = {
      ...DEFAULT,
      environments: {
        ...DEFAULT.environments,
        dev: { services: { gateway: { replicas: 0 } } },
        prod: { namespace: 'Prod_NS' },
      },
    };
    const other: PlatformDefinition = { ...PLATFORMS[1], environments: { ...PLATFORMS[1].environments, staging: { mesh: { enabeld: true } } as never } };
    let error: SpecError | undefined;
    try {
      synth({ platforms: [def, other], outdir: out });
    } catch (e) {
      error = e as SpecError;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect(error!.problems.map((p) => p.path)).toEqual([
      `platforms/${DEFAULT.name}.environments.dev.services.gateway.replicas`,
      `platforms/${PLATFORMS[1].name}.environments.staging.mesh.enabeld`,
      `platforms/${DEFAULT.name}[prod].namespace`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an unknown environment fails and leaves dist as it was', () => {
    const out = tempDist();
    synth({ platforms: [DEFAULT], outdir: out });
    const before = snapshot(out);
    expect(() => synth({ platforms: [DEFAULT], environment: 'qa', outdir: out })).toThrow(/environments: received "qa"/);
    expect(snapshot(out)).toEqual(before);
  });

  test('a validation failure (a latest image tag) writes nothing', () => {
    const out = tempDist();
    synth({ platforms: [DEFAULT], outdir: out });
    const before = snapshot(out);
    const latest = broken({ services: { gateway: { image: 'ghcr.io/deltran/gateway:latest' } } });
    expect(() => synth({ platforms: [latest], outdir: out })).toThrow(ValidationFailed);
    expect(snapshot(out)).toEqual(before);
  });

  test('check mode reports stale, missing and extra files without writing', () => {
    const out = tempDist();
    synth({ platforms: [DEFAULT], environment: 'dev', outdir: out });
    const ns = path.join(out, DEFAULT.name, 'dev', 'namespace.k8s.yaml');
    fs.appendFileSync(ns, '# edited\n');
    fs.writeFileSync(path.join(out, DEFAULT.name, 'dev', 'extra.k8s.yaml'), '');
    const result = synth({ platforms: [DEFAULT], environment: 'dev', outdir: out, check: true });
    expect(result.stale).toEqual([`${DEFAULT.name}/dev/extra.k8s.yaml`, `${DEFAULT.name}/dev/namespace.k8s.yaml`]);
    expect(fs.readFileSync(ns, 'utf8')).toMatch(/# edited/);
  });
});
