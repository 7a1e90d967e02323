import { parseDataImage } from '../../../diff/rules/versions';
import { deployment, statefulSet } from '../fixtures';
import { dangersBetween, edited, lines, obj } from './helpers';

describe('parseDataImage', () => {
  test('data systems by repository; exporters and tools are not', () => {
    expect(parseDataImage('ghcr.io/zalando/spilo-15:3.0-p1')).toEqual({ system: 'postgres', version: [15], text: 'spilo-15:3.0-p1' });
    expect(parseDataImage('redis:7.2.11-bookworm')).toMatchObject({ system: 'redis', version: [7, 2, 11] });
    expect(parseDataImage('nats:2.11.17-alpine@sha256:abc')).toMatchObject({ system: 'nats', version: [2, 11, 17] });
    expect(parseDataImage('registry:5000/library/postgres:16')).toMatchObject({ system: 'postgres', version: [16] });
    expect(parseDataImage('oliver006/redis_exporter:v1.67.0')).toBeUndefined();
    expect(parseDataImage('natsio/prometheus-nats-exporter:0.20.1')).toBeUndefined();
    expect(parseDataImage('natsio/nats-box:0.18.0')).toBeUndefined();
  });
});

const natsSts = (image: string) => edited(statefulSet('events'), (o) => { o.spec.template.spec.containers[0].image = image; });

describe('image versions of data systems', () => {
  test('a patch or minor upgrade is quiet; a minor downgrade and a major upgrade are not', () => {
    expect(dangersBetween([natsSts('nats:2.10.22-alpine')], [natsSts('nats:2.11.17-alpine')])).toEqual([]);
    expect(lines(dangersBetween([natsSts('nats:2.11.17-alpine')], [natsSts('nats:2.10.22-alpine')])))
      .toEqual(['data-version-changed: spec.template.spec.containers[name=postgres].image nats:2.11.17-alpine -> nats:2.10.22-alpine (downgrade)']);
    expect(lines(dangersBetween([natsSts('redis:7.2.11')], [natsSts('redis:8.0.2')]))[0]).toMatch(/redis:7\.2\.11 -> redis:8\.0\.2 \(major upgrade\)$/);
  });

  test('a stateless service\'s major bump is not a data-version danger', () => {
    expect(dangersBetween([deployment('api', 'ghcr.io/shop/api:1.9.0')], [deployment('api', 'ghcr.io/shop/api:2.0.0')])).toEqual([]);
  });
});

describe('Kafka version and metadata version', () => {
  const kafka = (version?: string, metadataVersion?: string) => obj('kafka.strimzi.io/v1', 'Kafka', 'events', {
    kafka: { ...(version ? { version } : {}), ...(metadataVersion ? { metadataVersion } : {}), listeners: [] },
  });

  test('unpinned, a downgrade, a lower metadata version', () => {
    expect(lines(dangersBetween([kafka('4.3.1', '4.3-IV0')], [kafka()]))).toEqual([
      'data-version-changed: spec.kafka.version 4.3.1 -> (operator default)',
      'data-version-changed: spec.kafka.metadataVersion 4.3-IV0 -> (the version\'s default)',
    ]);
    const down = dangersBetween([kafka('4.3.1', '4.3-IV0')], [kafka('4.2.1', '4.2-IV1')]);
    expect(down[0].atApply).toMatch(/A downgrade works only while metadataVersion/);
    expect(down[1].atApply).toMatch(/Kafka refuses to lower the metadata version/);
  });

  test('unchanged versions are quiet', () => {
    expect(dangersBetween([kafka('4.3.1', '4.3-IV0')], [kafka('4.3.1', '4.3-IV0')])).toEqual([]);
  });
});
