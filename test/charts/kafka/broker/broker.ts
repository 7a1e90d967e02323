import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { K8sObject } from '../../../helpers';

/**
 * A real Apache Kafka broker (from Maven Central, resolved by scripts/kafka-jars.sh) for the wiring
 * tests, configured from the synthesized Kafka resource the way Strimzi would configure its pods:
 * the client listener with the listener's authentication over TLS, simple authorization
 * (StandardAuthorizer) with the admin as the only super user, and the resource's broker config.
 * Strimzi's own parts are stood in for: a throwaway cluster CA and broker certificate (openssl),
 * the admin's listeners (SASL PLAIN on loopback), and the operators' topics, SCRAM credentials and
 * ACLs (StrimziStandIn.java, from the synthesized KafkaTopics and KafkaUsers).
 */

const ROOT = resolve(__dirname, '../../../..');
const SOURCES = __dirname;
const ADMIN = 'admin';
/** The admin's own listeners beside the client listener, on the broker's loopback address. */
const CONTROLLER_PORT = 9090;
const REPLICATION_PORT = 9091;

/** The resolved jars, or an error with the command that resolves them. */
export function kafkaLib(): string {
  for (const [tool, pkg] of [['java', 'openjdk-17-jdk-headless'], ['javac', 'openjdk-17-jdk-headless'], ['openssl', 'openssl']]) {
    const r = spawnSync(tool, [tool === 'openssl' ? 'version' : '-version'], { stdio: 'ignore' });
    if (r.error || r.status !== 0) throw new Error(`${tool} is not installed: apt-get install -y ${pkg}`);
  }
  const lib = execFileSync('bash', [join(ROOT, 'scripts/kafka-jars.sh'), '--cached'], { encoding: 'utf8' }).trim();
  if (!lib) throw new Error('the Kafka broker jars are not resolved: run  bash scripts/kafka-jars.sh  (part of `npm run setup`)');
  return lib;
}

/** Absolute path of the java on PATH. */
export function javaBinary(): string {
  return execFileSync('bash', ['-c', 'command -v java'], { encoding: 'utf8' }).trim();
}

/** Compiles the Java helpers beside this file once per source version, into the Kafka cache. */
export function compileHelpers(lib: string): string {
  const sources = readdirSync(SOURCES).filter((f) => f.endsWith('.java')).sort();
  const hash = createHash('sha256');
  for (const f of sources) hash.update(f).update(readFileSync(join(SOURCES, f)));
  const out = join(lib, '..', `classes-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(join(out, '.complete'))) return out;
  rmSync(`${out}.tmp`, { recursive: true, force: true });
  execFileSync('javac', ['-cp', `${lib}/*`, '-d', `${out}.tmp`, ...sources.map((f) => join(SOURCES, f))], { stdio: 'inherit' });
  writeFileSync(join(`${out}.tmp`, '.complete'), '');
  rmSync(out, { recursive: true, force: true });
  renameSync(`${out}.tmp`, out);
  return out;
}

export interface StrimziNames {
  /** Kafka resource name (the cluster name). */
  readonly cluster: string;
  readonly namespace: string;
  /** The broker's pod name: `<cluster>-<pool>-<node id>`. */
  readonly pod: string;
}

/** DNS names Strimzi puts on a broker certificate: the bootstrap Service's and the broker's own. */
export function brokerDnsNames(n: StrimziNames): string[] {
  const bootstrap = `${n.cluster}-kafka-bootstrap`;
  return [bootstrap, `${bootstrap}.${n.namespace}`, `${bootstrap}.${n.namespace}.svc`, `${bootstrap}.${n.namespace}.svc.cluster.local`,
    advertisedHost(n), `${advertisedHost(n)}.cluster.local`];
}

/** The address Strimzi advertises for a broker on an internal listener. */
export function advertisedHost(n: StrimziNames): string {
  return `${n.pod}.${n.cluster}-kafka-brokers.${n.namespace}.svc`;
}

/** A throwaway cluster CA and a broker certificate it signed; returns the CA's PEM. */
export function makeCertificates(dir: string, names: StrimziNames): { caCert: string; brokerPem: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1',
    '-subj', '/O=io.strimzi/CN=cluster-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', `/O=io.strimzi/CN=${names.cluster}-kafka`);
  writeFileSync(join(dir, 'broker.ext'), `subjectAltName=${brokerDnsNames(names).map((d) => `DNS:${d}`).join(',')}\nextendedKeyUsage=serverAuth\n`);
  run('x509', '-req', '-in', 'broker.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'broker.crt', '-days', '1', '-extfile', 'broker.ext');
  // Kafka's PEM key store: the (PKCS#8) private key, then the certificate chain
  writeFileSync(join(dir, 'broker.pem'), readFileSync(join(dir, 'broker.key'), 'utf8') + readFileSync(join(dir, 'broker.crt'), 'utf8'));
  return { caCert: readFileSync(join(dir, 'ca.crt'), 'utf8'), brokerPem: join(dir, 'broker.pem') };
}

/** Strimzi's operation names (Read, IdempotentWrite, ...) as Kafka's AclOperation names. */
function kafkaOperation(op: string): string {
  return op.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

const RESOURCE_TYPES: Record<string, string> = { topic: 'TOPIC', group: 'GROUP', cluster: 'CLUSTER', transactionalId: 'TRANSACTIONAL_ID' };
const PATTERN_TYPES: Record<string, string> = { literal: 'LITERAL', prefix: 'PREFIXED' };

/**
 * The plan StrimziStandIn carries out: each KafkaTopic, each scram-sha-512 KafkaUser with its
 * password, and each ACL rule of each KafkaUser, as the operators would apply them.
 */
export function operatorPlan(kafkaObjects: readonly K8sObject[], passwords: Record<string, string>): string {
  const lines: string[] = [];
  for (const t of kafkaObjects.filter((o) => o.kind === 'KafkaTopic')) {
    const config = Object.entries(t.spec.config ?? {}).map(([k, v]) => `${k}=${v}`);
    lines.push(['topic', t.spec.topicName ?? t.metadata.name, t.spec.partitions, t.spec.replicas, ...config].join('\t'));
  }
  for (const u of kafkaObjects.filter((o) => o.kind === 'KafkaUser')) {
    const user = u.metadata.name;
    if (u.spec.authentication?.type !== 'scram-sha-512') throw new Error(`KafkaUser ${user}: only scram-sha-512 users are supported by this broker`);
    lines.push(['scram', user, passwords[user]].join('\t'));
    if (u.spec.authorization?.type !== 'simple') throw new Error(`KafkaUser ${user}: expected simple authorization`);
    for (const acl of u.spec.authorization.acls) {
      const type = RESOURCE_TYPES[acl.resource.type];
      const name = acl.resource.type === 'cluster' ? 'kafka-cluster' : acl.resource.name;
      const pattern = PATTERN_TYPES[acl.resource.patternType ?? 'literal'];
      for (const op of acl.operations ?? [acl.operation]) {
        lines.push(['acl', `User:${user}`, type, pattern, name, kafkaOperation(op), acl.host ?? '*', (acl.type ?? 'allow').toUpperCase()].join('\t'));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface Broker {
  readonly address: string;
  readonly dir: string;
  readonly adminProperties: string;
  stop(): Promise<void>;
}

/**
 * Formats and starts a single KRaft node (broker + controller) on a loopback address of its own,
 * with the synthesized Kafka resource's client listener and broker config.
 */
export async function startBroker(opts: {
  lib: string; dir: string; kafka: K8sObject; names: StrimziNames; address: string; brokerPem: string;
}): Promise<Broker> {
  const { lib, dir, kafka, address } = opts;
  const listeners: K8sObject[] = kafka.spec.kafka.listeners;
  if (listeners.length !== 1) throw new Error(`expected one client listener, got ${listeners.length}`);
  const l = listeners[0];
  const auth = l.authentication?.type;
  if (auth !== 'scram-sha-512') throw new Error(`listener ${l.name}: only scram-sha-512 authentication is supported by this broker, got ${auth}`);
  if (kafka.spec.kafka.authorization?.type !== 'simple') throw new Error('expected simple authorization');
  const name = l.name.toUpperCase();
  const adminPassword = randomBytes(18).toString('base64url');
  const plainJaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="${ADMIN}" password="${adminPassword}" user_${ADMIN}="${adminPassword}";`;
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 0,
    'controller.quorum.voters': `0@${address}:${CONTROLLER_PORT}`,
    'listeners': `${name}://${address}:${l.port},REPLICATION://${address}:${REPLICATION_PORT},CONTROLLER://${address}:${CONTROLLER_PORT}`,
    'advertised.listeners': `${name}://${advertisedHost(opts.names)}:${l.port},REPLICATION://${address}:${REPLICATION_PORT}`,
    'listener.security.protocol.map': `${name}:${l.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'},REPLICATION:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT`,
    'inter.broker.listener.name': 'REPLICATION',
    'controller.listener.names': 'CONTROLLER',
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'listener.name.replication.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.replication.plain.sasl.jaas.config': plainJaas,
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': plainJaas,
    [`listener.name.${l.name}.sasl.enabled.mechanisms`]: 'SCRAM-SHA-512',
    [`listener.name.${l.name}.scram-sha-512.sasl.jaas.config`]: 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    ...(l.tls ? { [`listener.name.${l.name}.ssl.keystore.type`]: 'PEM', [`listener.name.${l.name}.ssl.keystore.location`]: opts.brokerPem } : {}),
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:${ADMIN}`,
    'log.dirs': join(dir, 'data'),
    // one node: no reason to wait for more members before the first rebalance
    'group.initial.rebalance.delay.ms': 0,
    ...kafka.spec.kafka.config,
  };
  const serverProperties = join(dir, 'server.properties');
  writeFileSync(serverProperties, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const adminProperties = join(dir, 'admin.properties');
  writeFileSync(adminProperties, [
    `bootstrap.servers=${address}:${REPLICATION_PORT}`, 'security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=PLAIN',
    `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${ADMIN}" password="${adminPassword}";`,
  ].join('\n') + '\n');
  writeFileSync(join(dir, 'log4j2.properties'), [
    'rootLogger.level=INFO', 'rootLogger.appenderRef.file.ref=FILE',
    'appender.file.type=File', 'appender.file.name=FILE', `appender.file.fileName=${join(dir, 'broker.log')}`,
    'appender.file.layout.type=PatternLayout', 'appender.file.layout.pattern=%d %p [%c] %m%n',
  ].join('\n') + '\n');

  const java = ['-Xms256m', '-Xmx512m', `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`, '-cp', `${lib}/*`];
  const clusterId = randomBytes(16).toString('base64url');
  execFileSync('java', [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProperties], { stdio: ['ignore', 'ignore', 'pipe'] });
  const child: ChildProcess = spawn('java', [...java, 'kafka.Kafka', serverProperties], { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let running = true;
  child.once('exit', () => { running = false; });
  return {
    address,
    dir,
    adminProperties,
    stop: async () => {
      if (running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (stderr.trim()) process.stderr.write(`kafka broker stderr:\n${stderr}`);
    },
  };
}

/** A loopback address of its own (all of 127/8 is local), so the listener keeps its real port. */
export function loopbackAddress(): string {
  const b = randomBytes(3);
  return `127.${1 + (b[0] % 250)}.${b[1]}.${1 + (b[2] % 250)}`;
}

/** Runs StrimziStandIn: topics, SCRAM credentials and ACLs, as the super user. */
export function applyOperatorPlan(broker: Broker, lib: string, classes: string, plan: string): string {
  const planFile = join(broker.dir, 'operator.plan');
  writeFileSync(planFile, plan);
  try {
    return execFileSync('java', [`-Dlog4j2.configurationFile=${join(broker.dir, 'quiet-log4j2.properties')}`, '-cp', `${lib}/*:${classes}`,
      'StrimziStandIn', broker.adminProperties, planFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // why the broker did not come up is in its log, not in the admin client's timeout
    const log = join(broker.dir, 'broker.log');
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-40).join('\n') : '(no broker log)';
    throw new Error(`setting up topics, users and ACLs failed: ${(e as { stderr?: string }).stderr ?? e}\nbroker log (last lines):\n${tail}`);
  }
}

/** Quiet client logging (warnings to stderr) for the Java helpers. */
export function writeQuietLogging(dir: string): string {
  const file = join(dir, 'quiet-log4j2.properties');
  writeFileSync(file, ['rootLogger.level=ERROR', 'rootLogger.appenderRef.err.ref=ERR', 'appender.err.type=Console', 'appender.err.name=ERR',
    'appender.err.target=SYSTEM_ERR', 'appender.err.layout.type=PatternLayout', 'appender.err.layout.pattern=%p [%c] %m%n'].join('\n') + '\n');
  return file;
}
