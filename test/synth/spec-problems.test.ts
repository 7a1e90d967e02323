import { groupAcrossEnvironments, SpecProblemReport } from '../../synth/spec-problems';

const problem = (path: string, received: unknown = 1) => ({ path, received, expected: 'x', fix: 'y' });

describe('spec problems of several environments', () => {
  test('the same problem in several environments is one line', () => {
    expect(groupAcrossEnvironments([problem('platforms/a[dev].x'), problem('platforms/a[prod].x'), problem('platforms/a[prod].y')]).map((p) => p.path))
      .toEqual(['platforms/a[dev,prod].x', 'platforms/a[prod].y']);
    expect(groupAcrossEnvironments([problem('platforms/a[dev].x', 1), problem('platforms/a[prod].x', 2)]).map((p) => p.path))
      .toEqual(['platforms/a[dev].x', 'platforms/a[prod].x']);
  });

  test('a problem reported where it was written is not repeated for the environments it reaches', () => {
    const report = new SpecProblemReport();
    report.addWritten([problem('platforms/a.base.services.x.talkTo'), problem('platforms/a.environments.prod.redis.sentinels')]);
    report.addResolved('a', 'dev', [problem('platforms/a[dev].services.x.talkTo'), problem('platforms/a[dev].redis.storage')]);
    report.addResolved('a', 'prod', [problem('platforms/a[prod].services.x.talkTo'), problem('platforms/a[prod].redis.sentinels'), problem('platforms/a[prod].redis.storage')]);
    expect(report.problems.map((p) => p.path)).toEqual([
      'platforms/a.base.services.x.talkTo',
      'platforms/a.environments.prod.redis.sentinels',
      'platforms/a[dev,prod].redis.storage',
    ]);
  });
});
