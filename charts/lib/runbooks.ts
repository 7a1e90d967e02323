import { GitOpsSpec, MonitoringSpec } from '../spec';

/** Folder of the runbooks in the platform repository, one `<Alert>.md` per alert. */
export const RUNBOOK_DIR = 'docs/runbooks';

/**
 * Web address of a file in the repository ArgoCD pulls from, at the revision it deploys, so the
 * runbook an alert links to matches the rules that fired it. SSH clone URLs become https; GitLab
 * puts `/-/` before `blob`, Bitbucket browses with `src`; every other host is taken as GitHub-style.
 */
export function repositoryFileUrl(gitops: GitOpsSpec, path: string): string {
  const web = gitops.repoUrl
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//, 'https://$1/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  const host = new URL(web).hostname;
  const blob = host.includes('gitlab') ? '-/blob' : host === 'bitbucket.org' ? 'src' : 'blob';
  return `${web}/${blob}/${gitops.revision ?? 'main'}/${path}`;
}

/**
 * Where an alert's `runbook_url` points: `monitoring.runbookBaseUrl` when set, else the runbook
 * in the GitOps repository, else (no repository known) the runbook's path in the repository.
 */
export function runbookUrl(spec: { monitoring?: MonitoringSpec; gitops?: GitOpsSpec }, alert: string): string {
  const file = `${alert}.md`;
  const base = spec.monitoring?.runbookBaseUrl;
  if (base !== undefined) return `${base.replace(/\/+$/, '')}/${file}`;
  if (spec.gitops) return repositoryFileUrl(spec.gitops, `${RUNBOOK_DIR}/${file}`);
  return `${RUNBOOK_DIR}/${file}`;
}
