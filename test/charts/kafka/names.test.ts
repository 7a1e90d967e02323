import { topicResourceName } from '../../../charts/kafka/names';

describe('topicResourceName', () => {
  test('keeps names that are already DNS-1123 labels', () => {
    expect(topicResourceName('user-events')).toBe('user-events');
  });

  test('maps dots, underscores and upper case to a DNS-1123 label with a hash of the real name', () => {
    const name = topicResourceName('market-data.btc-ticks');
    expect(name).toMatch(/^market-data-btc-ticks-[0-9a-f]{8}$/);
    expect(topicResourceName('Billing.Invoiced_V1')).toMatch(/^billing-invoiced-v1-[0-9a-f]{8}$/);
  });

  test('is stable and depends only on the topic name', () => {
    expect(topicResourceName('market-data.btc-ticks')).toBe(topicResourceName('market-data.btc-ticks'));
  });

  test('topics that differ only by separators or case get different names', () => {
    const names = ['a.b', 'a_b', 'A-b', 'a-b'].map(topicResourceName);
    expect(new Set(names).size).toBe(4);
  });

  test('long topic names fit a 63-character name', () => {
    const name = topicResourceName(`${'x.'.repeat(120)}y`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  test('a name with no usable characters still gets a valid name', () => {
    expect(topicResourceName('___')).toMatch(/^topic-[0-9a-f]{8}$/);
  });
});
