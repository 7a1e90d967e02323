/**
 * Typed per-object patches: anything the spec cannot express, as RFC 6902 JSON Patch operations
 * on one synthesized object picked by kind and name. They are applied before validation, so a
 * patched object is still checked against its schema and the policies.
 */
import { JsonPatch } from 'cdk8s';
import { ProblemCollector } from './errors';

/** One RFC 6902 operation; paths are JSON Pointers ("/spec/template/spec/hostNetwork", "~1" for "/"). */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

export interface ObjectPatchSpec {
  /** Kind of the object, e.g. "StatefulSet", "KafkaNodePool". */
  readonly kind: string;
  /** metadata.name of the object. */
  readonly name: string;
  /** metadata.namespace, to tell apart objects of one kind and name. @default any namespace */
  readonly namespace?: string;
  /** Operations applied in order; the object is left unchanged if any fails. */
  readonly patch: JsonPatchOperation[];
}

/** The part of the platform spec for what the model lacks. */
export interface EscapeHatchesSpec {
  /** Patches applied to the synthesized objects of each environment, in order. @default none */
  readonly patches?: ObjectPatchSpec[];
}

type Obj = Record<string, any>;

/**
 * Applies the patches whose object is among `objects` (replacing patched objects in place), and
 * returns the indexes of the patches that found their object. A patch that matches objects of
 * several namespaces without naming one is a problem.
 */
export function applyPatches(patches: readonly ObjectPatchSpec[], objects: Obj[], c: ProblemCollector): Set<number> {
  const matched = new Set<number>();
  patches.forEach((p, i) => {
    const hits = objects.map((o, at) => ({ o, at })).filter(({ o }) => o.kind === p.kind && o.metadata?.name === p.name
      && (p.namespace === undefined || (o.metadata?.namespace ?? '') === p.namespace));
    if (hits.length === 0) return;
    matched.add(i);
    const namespaces = new Set(hits.map(({ o }) => o.metadata?.namespace ?? ''));
    if (namespaces.size > 1) {
      c.add(`patches[${i}].namespace`, p.namespace, `one of ${[...namespaces].map((n) => JSON.stringify(n)).join(', ')}: ${p.kind} "${p.name}" exists in each`, 'name the namespace of the object to patch');
      return;
    }
    for (const { o, at } of hits) {
      const patched = applyOperations(o, p.patch, c.at(`patches[${i}]`));
      if (patched) objects[at] = patched;
    }
  });
  return matched;
}

/** Problems for the patches no object matched, once every file has been offered to them. */
export function reportUnmatched(patches: readonly ObjectPatchSpec[], matched: ReadonlySet<number>, c: ProblemCollector, present: readonly Obj[]): void {
  patches.forEach((p, i) => {
    if (matched.has(i)) return;
    const sameKind = present.filter((o) => o.kind === p.kind).map((o) => o.metadata?.name).sort();
    c.add(`patches[${i}]`, { kind: p.kind, name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}) },
      `a synthesized object of this environment (${sameKind.length ? `${p.kind} objects here: ${sameKind.join(', ')}` : `no ${p.kind} is synthesized here`})`,
      'correct kind, name or namespace, or move the patch to the environments that have the object');
  });
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function applyOperations(object: Obj, ops: readonly JsonPatchOperation[], c: ProblemCollector): Obj | undefined {
  if (!Array.isArray(ops) || ops.length === 0) {
    c.add('patch', ops, 'a list of at least one JSON Patch operation', 'e.g. [{ op: "add", path: "/metadata/labels/team", value: "payments" }]');
    return undefined;
  }
  // a JSON copy: the objects are plain JSON from chart.toJson()
  let doc: Obj = JSON.parse(JSON.stringify(object)) as Obj;
  for (let j = 0; j < ops.length; j++) {
    const op = ops[j];
    const problem = shapeProblem(op);
    if (problem) {
      c.add(`patch[${j}]`, op, problem, 'write { op, path, value } (add, replace, test), { op, path } (remove) or { op, from, path } (move, copy)');
      return undefined;
    }
    try {
      doc = JsonPatch.apply(doc, toJsonPatch(op));
    } catch (err) {
      const reason = (err as Error).name === 'TEST_OPERATION_FAILED' ? 'the test operation found another value' : `it cannot be applied (${String((err as Error).message).split('\n')[0]})`;
      c.add(`patch[${j}]`, op, `an operation that applies to ${object.kind}/${object.metadata?.name}: ${reason}`,
        'every path must exist except the last segment of an add (use "-" to append to a list); look the object up in dist/');
      return undefined;
    }
  }
  return doc;
}

function shapeProblem(op: JsonPatchOperation): string | undefined {
  const o = op as Obj;
  if (typeof o !== 'object' || o === null || !OPS.has(o.op)) return 'an operation with op add, remove, replace, move, copy or test';
  if (typeof o.path !== 'string' || !(o.path === '' || o.path.startsWith('/'))) return 'a path that is a JSON Pointer starting with "/"';
  if (['add', 'replace', 'test'].includes(o.op) && !('value' in o)) return `a value for op ${o.op}`;
  if (['move', 'copy'].includes(o.op) && (typeof o.from !== 'string' || !o.from.startsWith('/'))) return `a from JSON Pointer for op ${o.op}`;
  return undefined;
}

function toJsonPatch(op: JsonPatchOperation): JsonPatch {
  switch (op.op) {
    case 'add': return JsonPatch.add(op.path, op.value);
    case 'replace': return JsonPatch.replace(op.path, op.value);
    case 'test': return JsonPatch.test(op.path, op.value);
    case 'remove': return JsonPatch.remove(op.path);
    case 'move': return JsonPatch.move(op.from, op.path);
    case 'copy': return JsonPatch.copy(op.from, op.path);
  }
}
