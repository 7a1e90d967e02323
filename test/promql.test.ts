import { metricNames } from './promql';

describe('metricNames', () => {
  test('every selector of an expression, inside functions, aggregations, ranges and both sides of operators', () => {
    expect(metricNames('sum by (pod) (rate(a_total{x="1"}[5m])) / on (pod) max(b) > 0 and absent(up == 1) or vector(0) - time()'))
      .toEqual(['a_total', 'b', 'up']);
    expect(metricNames('histogram_quantile(0.95, sum by (le) (rate(h_bucket[$__rate_interval]))) / 1000')).toEqual(['h_bucket']);
    expect(metricNames('{__name__="by_matcher", job="x"} offset 5m')).toEqual(['by_matcher']);
  });

  test('a syntax error or a metric name chosen by regex is an error, not an empty list', () => {
    expect(() => metricNames('sum(rate(a[5m])')).toThrow(/syntax error/);
    expect(() => metricNames('{__name__=~"pg_.*"}')).toThrow(/no fixed metric name/);
  });
});
