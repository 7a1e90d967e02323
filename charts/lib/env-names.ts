import { k8s } from './k8s';
import { ProblemCollector } from './errors';

/**
 * A service's `envNames` renames generated connection variables to the names its app already
 * reads (e.g. KAFKA_BOOTSTRAP_SERVERS -> KAFKA_BROKERS). Renamed in one place, after every
 * component has produced its variables under their documented names.
 */

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The variables under their new names; `$(NAME)` references in values follow the rename. */
export function renameEnv(vars: readonly k8s.EnvVar[], renames: Record<string, string> = {}): k8s.EnvVar[] {
  const to = (name: string) => renames[name] ?? name;
  return vars.map((v) => ({
    ...v,
    name: to(v.name),
    ...(v.value !== undefined ? { value: v.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (_, ref: string) => `$(${to(ref)})`) } : {}),
  }));
}

/**
 * Each rename names a variable the service gets (`generated`), to a valid name that no other
 * variable of the container has (`taken`: its env and secretEnv).
 */
export function checkEnvNames(c: ProblemCollector, path: string, renames: unknown, generated: readonly string[], taken: readonly string[]): void {
  if (renames === undefined) renames = {};
  if (typeof renames !== 'object' || renames === null || Array.isArray(renames)) {
    c.add(path, renames, 'a map from a documented variable name to the name the app reads', 'write e.g. envNames: { KAFKA_BOOTSTRAP_SERVERS: "KAFKA_BROKERS" }');
    return;
  }
  const final = new Map<string, string>();
  for (const name of generated) final.set(name, name);
  for (const [from, to] of Object.entries(renames as Record<string, unknown>)) {
    if (!generated.includes(from)) {
      c.add(`${path}.${from}`, from, `a variable this service gets: ${generated.join(', ') || 'none (it declares no data component in talksTo)'}`, 'fix the name or remove the rename');
    } else if (typeof to !== 'string' || !C_IDENTIFIER.test(to)) {
      c.add(`${path}.${from}`, to, 'a variable name of letters, digits and "_", not starting with a digit', 'write e.g. "KAFKA_BROKERS"');
    } else {
      final.set(from, to);
    }
  }
  const seen = new Map<string, string>();
  for (const [from, to] of final) {
    const clash = seen.has(to) ? `the generated ${seen.get(to)}` : taken.includes(to) ? 'env or secretEnv' : undefined;
    if (clash) {
      c.add(`${path}.${from}`, to, `a name no other variable of the service has (${clash} has it too)`,
        `rename ${from} here to a free name, or remove ${to} from env/secretEnv (the generated variable replaces it)`);
    }
    seen.set(to, from);
  }
}
