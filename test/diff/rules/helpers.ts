/** Dangers between two crafted environments, and shorthands for the rule tests. */
import { compareTrees } from '../../../diff/compare';
import { Danger, findDangers } from '../../../diff/dangers';
import { Obj, tree } from '../fixtures';

export function dangersBetween(before: Obj[], after: Obj[]): Danger[] {
  return findDangers(compareTrees(tree({ f: before }), tree({ f: after })));
}

/** `rule: summary` of each danger, for compact expectations. */
export function lines(ds: readonly Danger[]): string[] {
  return ds.map((d) => `${d.rule}: ${d.summary}`);
}

/** A deep copy edited by `edit`. */
export function edited(o: Obj, edit: (copy: Obj) => void): Obj {
  const copy = structuredClone(o);
  edit(copy);
  return copy;
}

export function obj(apiVersion: string, kind: string, name: string, spec: Obj, metadata: Obj = {}): Obj {
  return { apiVersion, kind, metadata: { name, namespace: 'shop', ...metadata }, spec };
}
