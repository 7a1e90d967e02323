import { ProblemCollector } from './errors';

/**
 * Five-field cron expressions as the Kubernetes CronJob controller reads them (minute, hour,
 * day of month, month, day of week; lists, ranges, steps, month and weekday names). Macros such
 * as "@hourly" and time zones are refused so every schedule in dist/ reads the same way.
 */
const FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: readonly string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** Why `expr` is not a valid five-field cron expression, or undefined when it is. */
export function cronProblem(expr: unknown): string | undefined {
  if (typeof expr !== 'string') return 'not a string';
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return `${fields.length} field${fields.length === 1 ? '' : 's'} instead of 5`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(fields[i], FIELDS[i]);
    if (problem) return `${FIELDS[i].name} field "${fields[i]}": ${problem}`;
  }
  return undefined;
}

export function checkCron(c: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  const problem = cronProblem(value);
  if (problem) {
    c.add(path, value, `a five-field cron expression "minute hour day-of-month month day-of-week" (${problem})`,
      'write it like "0 * * * *" (hourly) or "0 2 * * *" (daily at 02:00); macros such as "@daily" are not accepted');
  }
}

function fieldProblem(field: string, spec: { min: number; max: number; names?: readonly string[] }): string | undefined {
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return 'more than one "/"';
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) return `step "${step}" is not a positive integer`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" is not a value or a range`;
    const values = bounds.map((b) => value(b, spec));
    if (values.some((v) => v === undefined)) return `"${range}" is outside ${spec.min}-${spec.max}`;
    if (values.length === 2 && (values[0] as number) > (values[1] as number)) return `range "${range}" runs backwards`;
  }
  return undefined;
}

function value(token: string, spec: { min: number; max: number; names?: readonly string[] }): number | undefined {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + (spec.min === 1 ? 1 : 0);
  if (!/^[0-9]+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= spec.min && n <= spec.max ? n : undefined;
}

/**
 * The longest time between two consecutive runs of a valid five-field expression, in minutes,
 * looking at 400 days of runs (alerts use it to tell a late job from a sparse schedule).
 * Day of month and day of week combine as cron does: either matches when both are restricted.
 */
export function cronMaxGapMinutes(expr: string): number {
  const fields = expr.trim().split(/\s+/);
  const sets = fields.map((f, i) => expand(f, FIELDS[i]));
  const [minutes, hours, doms, months, dows] = sets;
  const domRestricted = fields[2] !== '*';
  const dowRestricted = fields[4] !== '*';
  const days = 400;
  const start = Date.UTC(2024, 0, 1);
  const hourList = [...hours].sort((a, b) => a - b);
  const minuteList = [...minutes].sort((a, b) => a - b);
  let last: number | undefined;
  let first: number | undefined;
  let maxGap = 0;
  for (let d = 0; d < days; d++) {
    const date = new Date(start + d * 86400000);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const domOk = doms.has(date.getUTCDate());
    const dowOk = dows.has(date.getUTCDay()) || (date.getUTCDay() === 0 && dows.has(7));
    const dayOk = domRestricted && dowRestricted ? domOk || dowOk : domOk && dowOk;
    if (!dayOk) continue;
    for (const h of hourList) {
      for (const m of minuteList) {
        const t = d * 1440 + h * 60 + m;
        if (last !== undefined) maxGap = Math.max(maxGap, t - last);
        first ??= t;
        last = t;
      }
    }
  }
  if (first === undefined || first === last) return days * 1440;
  return maxGap;
}

function expand(field: string, spec: { min: number; max: number; names?: readonly string[] }): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let lo = spec.min;
    let hi = spec.max;
    if (range !== '*') {
      const bounds = range.split('-').map((b) => value(b, spec) as number);
      lo = bounds[0];
      hi = bounds.length === 2 ? bounds[1] : stepText ? spec.max : bounds[0];
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}
