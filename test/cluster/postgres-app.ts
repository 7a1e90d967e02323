import type { KubernetesObject } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';

/** The application role of a Patroni StatefulSet: its password Secret and the database it owns. */
export function appRole(sts: KubernetesObject, objects: ManifestObject[]): { role: string; secret: string; key: string; database: string } {
  const spec = sts.spec.template.spec;
  const mounted = spec.containers[0].volumeMounts.find((vm: any) => /roles/.test(vm.mountPath));
  const volume = spec.volumes.find((v: any) => v.name === mounted?.name && v.projected);
  const item = volume?.projected.sources.find((src: any) => src.secret)?.secret;
  if (!item) throw new Error(`${sts.metadata!.name}: no role password Secret mounted`);
  const role = item.items[0].path;
  const sql = objects.map((m) => m.object).filter((o) => o.kind === 'ConfigMap').map((o) => JSON.stringify(o.data ?? {})).join('\n');
  const owned = new RegExp(`CREATE DATABASE %I OWNER %I', '([^']+)', '${role}'`).exec(sql.replace(/\\"/g, '"'));
  if (!owned) throw new Error(`no database owned by ${role} in the bootstrap SQL`);
  return { role, secret: item.name, key: item.items[0].key, database: owned[1] };
}
