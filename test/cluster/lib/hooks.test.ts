import { deletePolicies, hookPhases, splitHooks } from '../../../cluster/lib/hooks';

const job = (annotations: Record<string, string> = {}, name = 'j') => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, annotations } });

describe('Argo CD hooks in the sync tool', () => {
  test('the phases of a hook, several when the annotation lists them, none for a plain object', () => {
    expect(hookPhases(job({ 'argocd.argoproj.io/hook': 'PostSync' }))).toEqual(['PostSync']);
    expect(hookPhases(job({ 'argocd.argoproj.io/hook': 'PreSync, PostSync' }))).toEqual(['PreSync', 'PostSync']);
    expect(hookPhases(job())).toEqual([]);
    expect(() => hookPhases(job({ 'argocd.argoproj.io/hook': 'AfterSync' }))).toThrow('Job j: unknown argocd.argoproj.io/hook AfterSync (Argo CD knows PreSync, Sync, PostSync, SyncFail, Skip)');
  });

  test('BeforeHookCreation unless the hook names its delete policies', () => {
    expect(deletePolicies(job())).toEqual(['BeforeHookCreation']);
    expect(deletePolicies(job({ 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded,BeforeHookCreation' }))).toEqual(['HookSucceeded', 'BeforeHookCreation']);
  });

  test('hooks leave the waves; plain objects stay in them', () => {
    const plain = { file: 'a.k8s.yaml', object: job({}, 'plain') };
    const post = { file: 'a.k8s.yaml', object: job({ 'argocd.argoproj.io/hook': 'PostSync' }, 'post') };
    const { plain: waves, hooks } = splitHooks([plain, post]);
    expect(waves).toEqual([plain]);
    expect(hooks.get('PostSync')).toEqual([post]);
    expect(hooks.get('PreSync')).toBeUndefined();
  });
});
