import { repositoryFileUrl, runbookUrl } from '../../../charts/lib/runbooks';

describe('runbook links', () => {
  test('GitHub: the runbook in docs/runbooks at the deployed revision', () => {
    expect(runbookUrl({ gitops: { repoUrl: 'https://github.com/acme/platform.git', revision: 'v1.2.0' } }, 'RedisDown'))
      .toBe('https://github.com/acme/platform/blob/v1.2.0/docs/runbooks/RedisDown.md');
    expect(runbookUrl({ gitops: { repoUrl: 'https://github.com/acme/platform' } }, 'RedisDown'))
      .toBe('https://github.com/acme/platform/blob/main/docs/runbooks/RedisDown.md');
  });

  test('SSH clone URLs become web addresses; GitLab and Bitbucket use their own paths', () => {
    expect(repositoryFileUrl({ repoUrl: 'git@github.com:acme/platform.git' }, 'a.md')).toBe('https://github.com/acme/platform/blob/main/a.md');
    expect(repositoryFileUrl({ repoUrl: 'ssh://git@gitlab.example.com:2222/acme/platform.git' }, 'a.md')).toBe('https://gitlab.example.com/acme/platform/-/blob/main/a.md');
    expect(repositoryFileUrl({ repoUrl: 'https://bitbucket.org/acme/platform.git', revision: 'prod' }, 'a.md')).toBe('https://bitbucket.org/acme/platform/src/prod/a.md');
  });

  test('monitoring.runbookBaseUrl wins; without a repository the path in the repository remains', () => {
    expect(runbookUrl({ monitoring: { runbookBaseUrl: 'https://wiki.example.com/runbooks/' }, gitops: { repoUrl: 'https://github.com/a/b' } }, 'NatsServerDown'))
      .toBe('https://wiki.example.com/runbooks/NatsServerDown.md');
    expect(runbookUrl({}, 'NatsServerDown')).toBe('docs/runbooks/NatsServerDown.md');
  });
});
