import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

/** Grafana's interval variables, which only ever stand for a range duration. */
const GRAFANA_RANGES = /\$__(rate_interval|interval|range)\b/g;

function text(expr: string, node: SyntaxNode): string {
  return expr.slice(node.from, node.to);
}

function nameMatcher(expr: string, selector: SyntaxNode): string | undefined {
  const matchers = selector.getChild('LabelMatchers');
  for (let m = matchers?.firstChild ?? null; m; m = m.nextSibling) {
    const label = m.getChild('LabelName');
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (label && value && text(expr, label) === '__name__' && op?.firstChild?.type.name === 'EqlSingle') {
      return JSON.parse(text(expr, value).replace(/^'|'$/g, '"'));
    }
  }
  return undefined;
}

/**
 * The metric names a PromQL expression selects, read with Prometheus' own grammar
 * (@prometheus-io/lezer-promql, the parser of the Prometheus UI). Throws on a syntax error, and on
 * a selector whose metric name is not fixed (a regex on __name__), which no list could check.
 */
export function metricNames(promql: string): string[] {
  const expr = promql.replace(GRAFANA_RANGES, '5m');
  const tree = parser.parse(expr);
  const names = new Set<string>();
  let problem: string | undefined;
  tree.iterate({
    enter(ref) {
      if (problem) return false;
      if (ref.type.isError) {
        problem = `syntax error at ${ref.from}: ...${expr.slice(Math.max(0, ref.from - 20), ref.from + 20)}...`;
        return false;
      }
      if (ref.name !== 'VectorSelector') return undefined;
      const identifier = ref.node.getChild('Identifier');
      const name = identifier ? text(expr, identifier) : nameMatcher(expr, ref.node);
      if (!name) problem = `no fixed metric name in ${text(expr, ref.node)}`;
      else names.add(name);
      return false;
    },
  });
  if (problem) throw new Error(`${problem}\nin: ${promql}`);
  return [...names].sort();
}
