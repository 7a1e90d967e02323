import type { Cluster, KubernetesObject } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';
import { NatsClient, NatsCredentials } from './clients/nats';
import { secretValue } from './pods';

/** A generated NATS user as nats.conf declares it: name (or the env var holding it), password env var, allowed publish subjects. */
interface ConfUser {
  readonly user: { literal: string } | { env: string };
  readonly passwordEnv: string;
  readonly publish: string[];
}

/** The users of the generated accounts, read from the synced nats.conf. */
function confUsers(objects: ManifestObject[]): ConfUser[] {
  const conf = objects.map((m) => m.object).find((o) => o.kind === 'ConfigMap' && o.data?.['nats.conf'])?.data['nats.conf'] as string | undefined;
  if (!conf) throw new Error('no nats.conf in the synced objects');
  const users: ConfUser[] = [];
  for (const m of conf.matchAll(/\{ user: (?:"([^"]+)"|\$(\w+)), password: \$(\w+)(?:, permissions: \{ publish: \{ allow: \[([^\]]*)\] \})?/g)) {
    users.push({
      user: m[1] !== undefined ? { literal: m[1] } : { env: m[2] },
      passwordEnv: m[3],
      publish: m[4] ? JSON.parse(`[${m[4]}]`) : [],
    });
  }
  return users;
}

/** Resolves an env var of the NATS server container the way the pod does: from its Secret. */
async function fromServerEnv(cluster: Cluster, namespace: string, sts: KubernetesObject, name: string): Promise<string> {
  const ref = sts.spec.template.spec.containers[0].env.find((e: any) => e.name === name)?.valueFrom?.secretKeyRef;
  if (!ref) throw new Error(`the NATS server has no env ${name} from a Secret`);
  return secretValue(cluster, namespace, ref.name, ref.key);
}

async function credentialsOf(cluster: Cluster, namespace: string, objects: ManifestObject[], u: ConfUser): Promise<NatsCredentials> {
  const sts = objects.map((m) => m.object).find((o) => o.kind === 'StatefulSet')!;
  const user = 'literal' in u.user ? u.user.literal : await fromServerEnv(cluster, namespace, sts, u.user.env);
  return { user, password: await fromServerEnv(cluster, namespace, sts, u.passwordEnv) };
}

/** The service user allowed to publish on exactly this subject pattern (as declared in natsPublishes). */
export async function natsPublisher(cluster: Cluster, namespace: string, objects: ManifestObject[], subject: string): Promise<NatsCredentials> {
  const u = confUsers(objects).find((x) => 'literal' in x.user && x.publish.includes(subject));
  if (!u) throw new Error(`no NATS user may publish on ${subject}`);
  return credentialsOf(cluster, namespace, objects, u);
}

/** The stream admin (the JetStream API), as NACK connects. */
export async function natsStreamAdmin(cluster: Cluster, namespace: string, objects: ManifestObject[]): Promise<NatsCredentials> {
  const u = confUsers(objects).find((x) => x.publish.includes('$JS.API.>'));
  if (!u) throw new Error('no NATS stream admin user');
  return credentialsOf(cluster, namespace, objects, u);
}

/**
 * One server, two users: publishes as a service (its own subjects), asks the JetStream API as the
 * stream admin, as the platform's clients and NACK do.
 */
export class NatsSession {
  private constructor(private readonly publisher: NatsClient, private readonly admin: NatsClient) {}

  static async open(host: string, publisher: NatsCredentials, admin: NatsCredentials): Promise<NatsSession> {
    const p = await NatsClient.connect(host, 4222, 5000, publisher);
    try {
      return new NatsSession(p, await NatsClient.connect(host, 4222, 5000, admin));
    } catch (err) {
      p.close();
      throw err;
    }
  }

  /** The credentials a scenario needs to publish on a stream's first subject and to read the stream back. */
  static async users(cluster: Cluster, namespace: string, objects: ManifestObject[], stream: KubernetesObject): Promise<{ publisher: NatsCredentials; admin: NatsCredentials }> {
    return {
      publisher: await natsPublisher(cluster, namespace, objects, String(stream.spec.subjects[0])),
      admin: await natsStreamAdmin(cluster, namespace, objects),
    };
  }

  request(subject: string, data: string, timeoutMs = 5000) {
    return this.publisher.request(subject, data, timeoutMs);
  }

  jsApi(subject: string, body: unknown = {}, timeoutMs = 5000) {
    return this.admin.jsApi(subject, body, timeoutMs);
  }

  close(): void {
    this.publisher.close();
    this.admin.close();
  }
}
