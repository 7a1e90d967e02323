import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';
import { find, K8sObject, requireTool, synthShipped } from '../../helpers';

const rulesOf = (env: string): K8sObject => find(synthShipped('deltran-mvp', env).get('nats')!, 'PrometheusRule', 'deltran-events');
const alerts = (env: string): Record<string, any> =>
  Object.fromEntries(rulesOf(env).spec.groups.flatMap((g: any) => g.rules).map((r: any) => [r.alert, r]));

describe('NATS alert rules', () => {
  test('the alerts nobody ships, for a clustered deployment', () => {
    expect(Object.keys(alerts('prod')).sort()).toEqual([
      'NatsConsumerPendingGrowing', 'NatsJetStreamDisabled', 'NatsJetStreamMemoryHigh', 'NatsJetStreamNoMetaLeader',
      'NatsJetStreamNotCurrent', 'NatsJetStreamStorageCritical', 'NatsJetStreamStorageHigh', 'NatsQuorumLost',
      'NatsServerDown', 'NatsSlowConsumers', 'NatsStreamWithoutLeader',
    ]);
  });

  test('a single server has no cluster rules, and losing it is critical', () => {
    const dev = alerts('dev');
    expect(dev.NatsQuorumLost).toBeUndefined();
    expect(dev.NatsJetStreamNoMetaLeader).toBeUndefined();
    expect(dev.NatsStreamWithoutLeader).toBeUndefined();
    expect(dev.NatsServerDown.labels.severity).toBe('critical');
    expect(alerts('prod').NatsServerDown.labels.severity).toBe('warning');
  });

  test('every rule selects this cluster by namespace and pod name, with exporter metric names', () => {
    const known = /\b(gnatsd_healthz_js_server_only_status|gnatsd_healthz_status|gnatsd_varz_jetstream_stats_storage|gnatsd_varz_jetstream_config_max_storage|gnatsd_varz_jetstream_stats_memory|gnatsd_varz_jetstream_config_max_memory|gnatsd_varz_slow_consumers|jetstream_server_jetstream_disabled|jetstream_stream_total_messages|jetstream_consumer_num_pending)\{/g;
    for (const rule of Object.values(alerts('prod'))) {
      const selectors = rule.expr.match(/[a-z_]+\{[^}]*\}/g) as string[];
      expect(selectors.length).toBeGreaterThan(0);
      for (const s of selectors) {
        expect(s).toContain('namespace="deltran",pod=~"deltran-events-[0-9]+"');
        expect(s).toMatch(known);
      }
    }
    expect(alerts('prod').NatsJetStreamStorageHigh.expr).toContain('> 0.8');
  });
});

describe('promtool', () => {
  beforeAll(() => requireTool('promtool', 'prometheus'));
  const sel = 'namespace="deltran",pod="deltran-events-';
  const series = (name: string, pod: number, values: string, labels = '') =>
    ({ series: `${name}{${sel}${pod}"${labels ? `,${labels}` : ''}}`, values });
  const run = (tests: object[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-rules-'));
    try {
      fs.writeFileSync(path.join(dir, 'rules.yaml'), YAML.stringify({ groups: rulesOf('prod').spec.groups }));
      fs.writeFileSync(path.join(dir, 'test.yaml'), YAML.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
      execFileSync('promtool', ['check', 'rules', 'rules.yaml'], { cwd: dir, stdio: 'pipe' });
      return execFileSync('promtool', ['test', 'rules', 'test.yaml'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const expr = (rule: string) => alerts('prod')[rule].expr;

  test('the rules parse, and fire on the series the exporter emits', () => {
    expect(() => run([{
      interval: '1m',
      input_series: [
        // two healthy servers of three: one down, quorum kept
        series('gnatsd_healthz_js_server_only_status', 0, '0x30'),
        series('gnatsd_healthz_js_server_only_status', 1, '0x30'),
        series('gnatsd_healthz_js_server_only_status', 2, '1x30'),
        series('gnatsd_varz_jetstream_stats_storage', 0, '170x30'),
        series('gnatsd_varz_jetstream_config_max_storage', 0, '200x30'),
        series('jetstream_server_jetstream_disabled', 1, '0x30', 'meta_leader=""'),
        series('jetstream_stream_total_messages', 0, '5x30', 'stream_name="AUDIT",stream_leader=""'),
        series('jetstream_stream_total_messages', 0, '5x30', 'stream_name="RISK",stream_leader="deltran-events-1"'),
        series('jetstream_consumer_num_pending', 0, '10+5x30', 'stream_name="AUDIT",consumer_name="archiver"'),
        series('gnatsd_varz_slow_consumers', 1, '0 0 0 0 0 0 0 0 0 0 3x20'),
        series('gnatsd_healthz_status', 1, '1x30'),
      ],
      promql_expr_test: [
        { expr: expr('NatsServerDown'), eval_time: '10m', exp_samples: [{ labels: '{}', value: 2 }] },
        { expr: expr('NatsQuorumLost'), eval_time: '10m', exp_samples: [] },
        { expr: expr('NatsJetStreamStorageHigh'), eval_time: '10m', exp_samples: [{ labels: `{${sel}0"}`, value: 0.85 }] },
        { expr: expr('NatsJetStreamStorageCritical'), eval_time: '10m', exp_samples: [] },
        { expr: expr('NatsJetStreamNoMetaLeader'), eval_time: '10m', exp_samples: [{ labels: `{${sel}1"}`, value: 1 }] },
        { expr: expr('NatsStreamWithoutLeader'), eval_time: '10m', exp_samples: [{ labels: '{namespace="deltran",stream_name="AUDIT"}', value: 1 }] },
        { expr: expr('NatsJetStreamNotCurrent'), eval_time: '10m', exp_samples: [{ labels: `{${sel}1"}`, value: 1 }] },
        { expr: expr('NatsSlowConsumers'), eval_time: '12m', exp_samples: [{ labels: `{${sel}1"}`, value: 3 }] },
      ],
    }, {
      interval: '1m',
      input_series: [
        series('gnatsd_healthz_js_server_only_status', 0, '0x30'),
        series('gnatsd_healthz_js_server_only_status', 1, '1x30'),
        series('gnatsd_healthz_js_server_only_status', 2, '1x30'),
        series('jetstream_consumer_num_pending', 0, '0x30', 'stream_name="RISK",consumer_name="scorer"'),
      ],
      promql_expr_test: [
        { expr: `(${expr('NatsQuorumLost')}) > 0`, eval_time: '5m', exp_samples: [{ labels: '{}', value: 1 }] },
        { expr: expr('NatsConsumerPendingGrowing'), eval_time: '20m', exp_samples: [] },
      ],
    }])).not.toThrow();
  });

  test('consumer pending that grows without draining', () => {
    const out = run([{
      interval: '1m',
      input_series: [series('jetstream_consumer_num_pending', 0, '100+10x40', 'stream_name="AUDIT",consumer_name="archiver"')],
      alert_rule_test: [],
      promql_expr_test: [{ expr: `count(${expr('NatsConsumerPendingGrowing')})`, eval_time: '30m', exp_samples: [{ labels: '{}', value: 1 }] }],
    }]);
    expect(out).toContain('SUCCESS');
  });
});
