import * as fs from 'fs';
import * as path from 'path';
import { SpecError } from '../../../charts/lib/errors';
import { ObjectPatchSpec } from '../../../charts/lib/patches';
import { PlatformDefinition, PlatformSpec } from '../../../charts/spec';
import { PLATFORMS } from '../../../platforms';
import { synth, ValidationFailed } from '../../../synth/run';
import { find, synthSpec } from '../../helpers';
import { SHOP } from '../services/fixtures';
import { tempDir } from '../../temp-dirs';

const withPatches = (patches: ObjectPatchSpec[]): PlatformSpec => ({ ...SHOP, patches });

describe('per-object JSON patches', () => {
  test('operations applied in order to the object picked by kind and name; other objects untouched', () => {
    const files = synthSpec(withPatches([{
      kind: 'Deployment', name: 'web', patch: [
        { op: 'add', path: '/spec/template/spec/hostAliases', value: [{ ip: '10.1.2.3', hostnames: ['legacy.internal'] }] },
        { op: 'replace', path: '/spec/revisionHistoryLimit', value: 2 },
        { op: 'test', path: '/spec/revisionHistoryLimit', value: 2 },
        { op: 'add', path: '/metadata/labels/team', value: 'storefront' },
        { op: 'remove', path: '/spec/strategy' },
      ],
    }]));
    const web = find(files.get('svc-web')!, 'Deployment', 'web');
    expect(web.spec.template.spec.hostAliases).toEqual([{ ip: '10.1.2.3', hostnames: ['legacy.internal'] }]);
    expect(web.spec.revisionHistoryLimit).toBe(2);
    expect(web.metadata.labels.team).toBe('storefront');
    expect(web.spec.strategy).toBeUndefined();
    expect(find(files.get('svc-api')!, 'Deployment', 'api').metadata.labels.team).toBeUndefined();
  });

  test('the ArgoCD objects can be patched too, and Applications are derived from the patched files', () => {
    const files = synthSpec({
      ...SHOP,
      gitops: { repoUrl: 'https://github.com/shop/manifests.git' },
      patches: [
        { kind: 'AppProject', name: 'test-test', namespace: 'argocd', patch: [{ op: 'add', path: '/spec/description', value: 'shop, patched' }] },
        { kind: 'Deployment', name: 'web', patch: [{ op: 'add', path: '/metadata/annotations/argocd.argoproj.io~1sync-options', value: 'Prune=false,Delete=false' }] },
      ],
    });
    const argocd = files.get('argocd')!;
    expect(find(argocd, 'AppProject', 'test-test').spec.description).toBe('shop, patched');
    // the web file now holds an object ArgoCD must not prune: its Application stops pruning
    expect(find(argocd, 'Application', 'test-test-svc-web').spec.syncPolicy.automated.prune).toBe(false);
    expect(find(argocd, 'Application', 'test-test-svc-api').spec.syncPolicy.automated.prune).toBe(true);
  });
});

describe('patch errors name the patch\'s spec path', () => {
  test('a patch that matches no object', () => {
    const run = () => synthSpec(withPatches([{ kind: 'Deployment', name: 'wbe', patch: [{ op: 'remove', path: '/spec/strategy' }] }]));
    expect(run).toThrow(SpecError);
    expect(run).toThrow(/platforms\/test\[test\]\.patches\[0\]: received \{"kind":"Deployment","name":"wbe"\}; expected a synthesized object of this environment \(Deployment objects here: api, chat, legacy, rates, web, worker\)/);
  });

  test('an operation whose path does not exist, a failed test, a malformed operation', () => {
    const run = () => synthSpec(withPatches([
      { kind: 'Deployment', name: 'web', patch: [{ op: 'replace', path: '/spec/nothing/here', value: 1 }] },
      { kind: 'Deployment', name: 'api', patch: [{ op: 'test', path: '/spec/replicas', value: 99 }] },
      { kind: 'Service', name: 'web', patch: [{ op: 'add', path: 'spec/type', value: 'NodePort' }] },
    ]));
    expect(run).toThrow(/patches\[0\]\.patch\[0\]: received \{"op":"replace","path":"\/spec\/nothing\/here","value":1\}; expected an operation that applies to Deployment\/web: it cannot be applied/);
    expect(run).toThrow(/patches\[1\]\.patch\[0\]: .*the test operation found another value/);
    expect(run).toThrow(/patches\[2\]\.patch\[0\]: .*expected a path that is a JSON Pointer starting with "\/"/);
    // an operation without its value is refused by the spec's types, before any patching
    const noValue = () => synthSpec(withPatches([{ kind: 'Service', name: 'web', patch: [{ op: 'add', path: '/spec/type' } as never] }]));
    expect(noValue).toThrow(/patches\[0\]\.patch\[0\]\.value: received nothing/);
  });
});

describe('a patched object is still validated', () => {
  const def = PLATFORMS.find((p) => p.name === 'deltran-mvp')!;
  const patched = (patch: ObjectPatchSpec): PlatformDefinition => ({ ...def, base: { ...def.base, patches: [patch] } });
  const outdir = () => path.join(tempDir('patch-test-'), 'dist');

  test('a field the schema does not know fails validation and writes nothing', () => {
    const out = outdir();
    const typo = patched({ kind: 'StatefulSet', name: 'deltran-cache', patch: [{ op: 'add', path: '/spec/template/spec/nodeSelectr', value: { disk: 'ssd' } }] });
    expect(() => synth({ platforms: [typo], environment: 'dev', outdir: out })).toThrow(ValidationFailed);
    expect(() => synth({ platforms: [typo], environment: 'dev', outdir: out })).toThrow(/nodeSelectr/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a valid patch synthesizes', () => {
    const out = outdir();
    const ok = patched({ kind: 'StatefulSet', name: 'deltran-cache', patch: [{ op: 'add', path: '/spec/template/spec/nodeSelector', value: { disk: 'ssd' } }] });
    const r = synth({ platforms: [ok], environment: 'dev', outdir: out });
    expect(r.files.get('deltran-mvp/dev/redis.k8s.yaml')).toMatch(/nodeSelector:\n\s+disk: ssd/);
  });
});
