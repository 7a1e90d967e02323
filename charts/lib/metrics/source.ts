/**
 * The metric names one exporter emits that this project's alerts and dashboards may query, with
 * where each list was checked upstream. Every PromQL expression the project ships is tested
 * against these lists, so a misspelt or renamed metric fails the tests instead of a dashboard
 * staying empty or an alert never firing.
 */
export interface MetricSource {
  /** The exporter and the version the names were checked against. */
  readonly exporter: string;
  /** Upstream file(s) that define the names. */
  readonly checkedIn: string;
  readonly names: readonly string[];
}
