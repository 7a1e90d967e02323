import { isValidSubject, subjectIsWithin, subjectsOverlap } from '../../../charts/nats/subjects';

describe('isValidSubject', () => {
  test.each(['events.audit.*', 'events.>', 'a', '>', '*.b', 'a.*.c', 'A_B-c.d'])('accepts %s', (s) => {
    expect(isValidSubject(s)).toBe(true);
  });
  test.each(['', 'a..b', '.a', 'a.', 'a.>.b', 'a.b*', 'a>.b', 'a b', 'x.*x', 42])('rejects %s', (s) => {
    expect(isValidSubject(s)).toBe(false);
  });
});

describe('subjectsOverlap', () => {
  test.each([
    ['events.audit.*', 'events.audit.*'],
    ['events.audit.*', 'events.audit.created'],
    ['events.*.created', 'events.audit.*'],
    ['events.>', 'events.audit.created'],
    ['events.>', 'events.*'],
    ['>', 'a.b.c'],
    ['*.b', 'a.*'],
    ['a.*.c', 'a.>'],
  ])('%s and %s overlap', (a, b) => {
    expect(subjectsOverlap(a, b)).toBe(true);
    expect(subjectsOverlap(b, a)).toBe(true);
  });
  test.each([
    ['events.audit.*', 'events.risk.*'],
    ['events.audit.*', 'events.audit'],
    ['events.audit.*', 'events.audit.a.b'],
    ['events.>', 'events'],
    ['a.*', 'b.>'],
    ['a.*.c', 'a.b.d'],
    ['*', 'a.b'],
  ])('%s and %s are disjoint', (a, b) => {
    expect(subjectsOverlap(a, b)).toBe(false);
    expect(subjectsOverlap(b, a)).toBe(false);
  });
  test('the eight deltran-mvp domains are pairwise disjoint', () => {
    const subjects = ['transactions', 'compliance', 'settlement', 'clearing', 'notifications', 'reporting', 'risk', 'audit']
      .map((d) => `events.${d}.*`);
    for (const a of subjects) for (const b of subjects) expect(subjectsOverlap(a, b)).toBe(a === b);
  });
});

describe('subjectIsWithin', () => {
  test.each([
    ['events.audit.created', 'events.audit.*', true],
    ['events.audit.*', 'events.audit.*', true],
    ['events.audit.*', 'events.>', true],
    ['events.a.b.c', 'events.>', true],
    ['events.>', 'events.*', false],
    ['events.>', 'events.>', true],
    ['events', 'events.>', false],
    ['events.*', 'events.audit', false],
    ['events.audit.x.y', 'events.audit.*', false],
  ])('%s within %s: %s', (inner, outer, expected) => {
    expect(subjectIsWithin(inner, outer)).toBe(expected);
  });
});
