import { find } from '../../helpers';
import { natsObjects } from './fixtures';
import { applyScript } from '../../../charts/nats/stream-job';

const streams = { ORDERS: { subjects: ['orders.>'], maxBytes: '1GB', consumers: { billing: {} } }, AUDIT: { subjects: ['audit.*'] } };

describe("streamManagement: 'job'", () => {
  const objects = () => natsObjects({ streamManagement: 'job', streams, streamAdminSecret: 'nats-admin' });

  test('a PostSync hook Job with nats-box applies the ConfigMap, and no NACK resources', () => {
    const job = find(objects(), 'Job', 'nats-streams');
    expect(job.metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
    const pod = job.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe('natsio/nats-box:0.18.0');
    expect(container.env).toEqual(expect.arrayContaining([
      { name: 'NATS_URL', value: 'nats://nats.msg.svc.cluster.local:4222' },
      { name: 'NATS_USER', valueFrom: { secretKeyRef: { name: 'nats-admin', key: 'user' } } },
    ]));
    expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'streams', configMap: { name: 'nats-streams' } }]));
    expect(pod.securityContext.runAsUser).toBe(1000);
    expect(objects().some((o) => o.kind === 'Stream' || o.kind === 'Consumer')).toBe(false);
  });

  test('the ConfigMap holds one JSON file per stream and consumer', () => {
    const data = find(objects(), 'ConfigMap', 'nats-streams').data;
    expect(Object.keys(data).sort()).toEqual(['consumer.ORDERS.billing.json', 'stream.AUDIT.json', 'stream.ORDERS.json']);
    expect(JSON.parse(data['stream.ORDERS.json'])).toMatchObject({ name: 'ORDERS', max_bytes: 1073741824, num_replicas: 3 });
  });

  test('the script adds missing streams and edits existing ones, never deletes', () => {
    const script = applyScript(false);
    expect(script).toContain('nats stream add "$name" --config "$f"');
    expect(script).toContain('nats stream edit "$name" --config "$f" --force');
    expect(script).toContain('nats consumer add "$stream" "$consumer" --config "$f"');
    expect(script).not.toMatch(/\brm\b|delete/);
    expect(script).not.toContain('quitquitquit');
    expect(applyScript(true)).toContain('15020/quitquitquit');
  });

  test('the Job may reach the client port', () => {
    const policy = find(objects(), 'NetworkPolicy', 'nats');
    expect(policy.spec.ingress[0].from).toEqual(expect.arrayContaining([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'nats', 'app.kubernetes.io/component': 'stream-job' } } },
    ]));
  });

  test('the streams ConfigMap exists in NACK mode too', () => {
    expect(find(natsObjects({ streams }), 'ConfigMap', 'nats-streams').data['stream.AUDIT.json']).toContain('"audit.*"');
  });
});
