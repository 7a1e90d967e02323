import { cronMaxGapMinutes, cronProblem } from '../../../charts/lib/cron';

describe('cron expressions', () => {
  test('valid five-field expressions', () => {
    for (const e of ['0 * * * *', '*/15 2-4 1,15 JAN-MAR mon-fri', '0 3 * * 7', '5 4 * * sun']) expect(cronProblem(e)).toBeUndefined();
  });

  test('problems name the field', () => {
    expect(cronProblem('@hourly')).toBe('1 field instead of 5');
    expect(cronProblem('0 24 * * *')).toBe('hour field "24": "24" is outside 0-23');
    expect(cronProblem('0 0 * * 1-0/2')).toBe('day of week field "1-0/2": range "1-0" runs backwards');
    expect(cronProblem('0 0 * * */0')).toBe('day of week field "*/0": step "0" is not a positive integer');
  });

  test('longest gap between runs', () => {
    expect(cronMaxGapMinutes('0 * * * *')).toBe(60);
    expect(cronMaxGapMinutes('0 2 * * *')).toBe(1440);
    expect(cronMaxGapMinutes('0 3 * * 0')).toBe(7 * 1440);
    expect(cronMaxGapMinutes('15 */6 * * *')).toBe(360);
    expect(cronMaxGapMinutes('0 0 * * 1-5')).toBe(3 * 1440);
  });
});
