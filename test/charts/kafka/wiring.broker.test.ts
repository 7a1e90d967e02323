import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { resolveSpec } from '../../../charts/platform';
import { KAFKA_ENV } from '../../../charts/services/kafka-env';
import { PLATFORMS } from '../../../platforms';
import { find, synthShipped } from '../../helpers';
import {
  advertisedHost, applyOperatorPlan, Broker, compileHelpers, javaBinary, kafkaLib, loopbackAddress, makeCertificates, operatorPlan, startBroker,
  StrimziNames, writeQuietLogging,
} from './broker/broker';
import { podEnvironment, SecretStore } from './broker/pod-env';

/**
 * The Kafka wiring of a shipped platform (wallet/dev) against a real Apache Kafka broker set up from
 * the synthesized Kafka, KafkaTopic and KafkaUser resources (see broker/broker.ts). Each service's
 * client gets nothing but the environment its synthesized Deployment defines (Secrets filled in as
 * the User Operator writes them, the CA volume as a file) and must produce and consume on the
 * topics and group it declared, and be refused anywhere else.
 */
const PLATFORM = 'wallet';
const ENV = 'dev';

jest.setTimeout(180_000);

describe(`Kafka wiring of ${PLATFORM}/${ENV} on a real broker`, () => {
  const files = synthShipped(PLATFORM, ENV);
  const spec = resolveSpec(PLATFORMS.find((p) => p.name === PLATFORM)!, ENV);
  const kafkaObjects = files.get('kafka')!;
  const kafka = kafkaObjects.find((o) => o.kind === 'Kafka')!;
  const brokerPool = kafkaObjects.find((o) => o.kind === 'KafkaNodePool' && o.spec.roles.includes('broker'))!;
  const names: StrimziNames = { cluster: kafka.metadata.name, namespace: kafka.metadata.namespace, pod: `${kafka.metadata.name}-${brokerPool.metadata.name}-0` };
  const users = kafkaObjects.filter((o) => o.kind === 'KafkaUser').map((u) => u.metadata.name as string);
  const passwords = Object.fromEntries(users.map((u) => [u, randomBytes(18).toString('base64url')]));

  let dir: string;
  let lib: string;
  let classes: string;
  let broker: Broker | undefined;
  let hostsFile: string;
  let secrets: SecretStore;

  beforeAll(async () => {
    lib = kafkaLib();
    classes = compileHelpers(lib);
    dir = mkdtempSync(join(tmpdir(), 'kafka-wiring-'));
    writeQuietLogging(dir);
    const { caCert, brokerPem } = makeCertificates(dir, names);
    const address = loopbackAddress();
    // the cluster's Service names, resolved as cluster DNS would: the bootstrap Service and the broker's pod
    hostsFile = join(dir, 'hosts');
    writeFileSync(hostsFile, `${address} ${names.cluster}-kafka-bootstrap ${advertisedHost(names)}\n`);
    // the Secrets Strimzi writes: the cluster CA, and per KafkaUser its password and JAAS line
    const prefix: string = kafka.spec.entityOperator?.userOperator?.secretPrefix ?? '';
    secrets = { [`${names.cluster}-cluster-ca-cert`]: { 'ca.crt': caCert } };
    for (const user of users) {
      secrets[`${prefix}${user}`] = {
        password: passwords[user],
        'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${passwords[user]}";`,
      };
    }
    broker = await startBroker({ lib, dir, kafka, names, address, brokerPem });
    applyOperatorPlan(broker, lib, classes, operatorPlan(kafkaObjects, passwords));
  });

  afterAll(async () => {
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the service's client with only its pod's environment; returns each step's outcome. */
  function probe(service: string, steps: string[]): Record<string, { result: string; detail: string }> {
    const deployment = find(files.get(`svc-${service}`)!, 'Deployment', service);
    // Postgres and Redis Secrets are not Kafka's: every Secret named after the Kafka cluster must exist
    const env = podEnvironment(deployment.spec.template.spec, service, secrets, join(dir, 'pods', service),
      (secret) => !secret.startsWith(`${names.cluster}-`));
    const renames = spec.services![service].envNames ?? {};
    const variables = Object.entries(KAFKA_ENV).map(([key, name]) => `-Denv.${key}=${renames[name] ?? name}`);
    // the absolute path: the client's environment is the pod's, without PATH
    const out = execFileSync(javaBinary(), [
      `-Djdk.net.hosts.file=${hostsFile}`, `-Dlog4j2.configurationFile=${join(dir, 'quiet-log4j2.properties')}`, ...variables,
      '-cp', `${lib}/*:${classes}`, 'ServiceProbe', ...steps,
    ], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return Object.fromEntries(out.trim().split('\n').map((line) => {
      const [step, result, detail] = line.split('\t');
      return [step, { result, detail }];
    }));
  }

  test('a producer writes to its topic; a consumer reads it in its own group; both from their env only', () => {
    const event = `identity.user.registered ${randomBytes(6).toString('hex')}`;
    expect(probe('identity-service', [`produce:user-events:${event}`])[`produce:user-events:${event}`].result).toBe('ok');
    const r = probe('wallet-service', ['consume:user-events', 'produce:wallet-events:wallet.created']);
    expect(r['consume:user-events']).toEqual({ result: 'ok', detail: `read ${event}` });
    expect(r['produce:wallet-events:wallet.created'].result).toBe('ok');
  });

  test('topics and groups a service did not declare are refused', () => {
    const r = probe('wallet-service', [
      'produce:user-events:forged', 'consume:transaction-events', 'consume:user-events:someone-elses-group',
    ]);
    expect(r['produce:user-events:forged'].result).toBe('TopicAuthorizationException');
    expect(r['consume:transaction-events'].result).toBe('TopicAuthorizationException');
    expect(r['consume:user-events:someone-elses-group'].result).toBe('GroupAuthorizationException');
  });
});
