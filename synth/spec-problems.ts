import { SpecProblem } from '../charts/lib/errors';

/**
 * Spec problems of several platforms and environments, gathered so one run reports all of them
 * once: a problem already reported where it was written (the base or an override) is not repeated
 * for the environment it reaches, and the same problem in several environments is one line.
 */
export class SpecProblemReport {
  private readonly written: SpecProblem[] = [];
  private readonly resolved: SpecProblem[] = [];

  /** Problems of a definition as written: paths `platforms/<p>.base...` or `platforms/<p>.environments.<env>...`. */
  addWritten(problems: readonly SpecProblem[]): void {
    this.written.push(...problems);
  }

  /** Problems of one environment's resolved spec: paths `platforms/<p>[<env>]...`. */
  addResolved(platform: string, environment: string, problems: readonly SpecProblem[]): void {
    const prefix = `platforms/${platform}[${environment}]`;
    const seen = new Set(this.written.flatMap((p) => [p.path, `${p.path}\n${p.expected}`]));
    for (const p of problems) {
      const rest = p.path.slice(prefix.length);
      const where = [`platforms/${platform}.base${rest}`, `platforms/${platform}.environments.${environment}${rest}`];
      if (!where.some((w) => seen.has(w))) this.resolved.push(p);
    }
  }

  get problems(): SpecProblem[] {
    return [...this.written, ...groupAcrossEnvironments(this.resolved)];
  }
}

/** `platforms/p[dev].x` and `platforms/p[prod].x` with the same message become `platforms/p[dev,prod].x`. */
export function groupAcrossEnvironments(problems: readonly SpecProblem[]): SpecProblem[] {
  const groups = new Map<string, { first: SpecProblem; envs: string[]; head: string; rest: string }>();
  const out: Array<SpecProblem | string> = [];
  for (const p of problems) {
    const m = /^(platforms\/[^[.]+)\[([^\]]+)\](.*)$/.exec(p.path);
    if (!m) {
      out.push(p);
      continue;
    }
    const key = JSON.stringify([m[1], m[3], p.received, p.expected, p.fix]);
    const group = groups.get(key);
    if (group) {
      group.envs.push(m[2]);
    } else {
      groups.set(key, { first: p, envs: [m[2]], head: m[1], rest: m[3] });
      out.push(key);
    }
  }
  return out.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const g = groups.get(entry)!;
    return { ...g.first, path: `${g.head}[${g.envs.join(',')}]${g.rest}` };
  });
}
