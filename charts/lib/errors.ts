/**
 * Spec errors name the spec path, the value received, what was expected and how to fix it.
 * They are collected (not thrown one by one) so a user sees every problem in one run.
 */
export interface SpecProblem {
  /** Dotted path into the platform spec, e.g. "platforms/acme[prod].redis.quorum". */
  readonly path: string;
  readonly received: unknown;
  readonly expected: string;
  readonly fix: string;
}

export class SpecError extends Error {
  /** `alsoFailed`: more report text that follows the problems (e.g. manifest validation of other environments). */
  constructor(readonly problems: readonly SpecProblem[], alsoFailed?: string) {
    super(alsoFailed ? `${formatProblems(problems)}\n${alsoFailed}` : formatProblems(problems));
    this.name = 'SpecError';
  }
}

export function formatProblems(problems: readonly SpecProblem[]): string {
  const lines = problems.map((p) =>
    `  ${p.path}: received ${describe(p.received)}; expected ${p.expected}. Fix: ${p.fix}`);
  return `invalid platform spec (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

/** Longer values are cut: a message stays one readable line. */
const MAX_RECEIVED_CHARS = 120;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > MAX_RECEIVED_CHARS ? `${json.slice(0, MAX_RECEIVED_CHARS)}...` : json;
}

/** Collects problems under a base path; components get one scoped to their own slice. */
export class ProblemCollector {
  readonly problems: SpecProblem[] = [];
  constructor(private readonly base: string) {}

  at(relative: string): ProblemCollector {
    const child = new ProblemCollector(join(this.base, relative));
    // children share the parent's list so one collector gathers the whole tree
    (child as { problems: SpecProblem[] }).problems = this.problems;
    return child;
  }

  add(relative: string, received: unknown, expected: string, fix: string): void {
    this.problems.push({ path: join(this.base, relative), received, expected, fix });
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new SpecError(this.problems);
  }
}

function join(base: string, relative: string): string {
  if (!relative) return base;
  if (relative.startsWith('[')) return base + relative;
  return base ? `${base}.${relative}` : relative;
}

/** A spec path from keys: `services.gateway.talksTo`; keys that are no plain identifier in brackets: `topics["orders.v1"]`. */
export function joinPath(base: string, segments: readonly string[]): string {
  let out = base;
  for (const s of segments) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
