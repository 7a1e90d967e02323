import { Cluster, KubernetesObject, labelSelector } from '../../cluster/lib/client';

/** Every PVC in the namespaces is Bound. */
export async function checkVolumesBound(cluster: Cluster, namespaces: string[]): Promise<{ bound: number; problems: string[] }> {
  const problems: string[] = [];
  let bound = 0;
  for (const ns of namespaces) {
    for (const pvc of (await cluster.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items) {
      if (pvc.status?.phase === 'Bound') bound++;
      else problems.push(`PVC ${ns}/${pvc.metadata!.name} is ${pvc.status?.phase}`);
    }
  }
  return { bound, problems };
}

/**
 * Every Service with a selector has at least one ready endpoint, except those that route to
 * replicas of a single-instance Postgres (`-ro` with no replica: nothing to route to, by design).
 */
export async function checkEndpoints(cluster: Cluster, namespaces: string[], objects: KubernetesObject[]): Promise<{ services: number; problems: string[] }> {
  const problems: string[] = [];
  const noReplicas = new Set(patroniClusters(objects).filter((s) => (s.spec?.replicas ?? 1) === 1)
    .map((s) => `${s.metadata!.namespace}/${s.metadata!.name}-ro`));
  let services = 0;
  for (const ns of namespaces) {
    for (const svc of (await cluster.core.listNamespacedService({ namespace: ns })).items) {
      if (!svc.spec?.selector || noReplicas.has(`${ns}/${svc.metadata!.name}`)) continue;
      const ready = await readyAddresses(cluster, ns, svc.metadata!.name!);
      if (ready.length > 0) services++;
      else problems.push(`Service ${ns}/${svc.metadata!.name} has no ready endpoint`);
    }
  }
  return { services, problems };
}

/** The ready endpoint addresses of a Service, from its EndpointSlices. */
export async function readyAddresses(cluster: Cluster, namespace: string, service: string): Promise<string[]> {
  const slices: any = await cluster.objects.list('discovery.k8s.io/v1', 'EndpointSlice', namespace, undefined, undefined, undefined, undefined,
    `kubernetes.io/service-name=${service}`);
  return slices.items.flatMap((s: any) => (s.endpoints ?? []).filter((e: any) => e.conditions?.ready !== false).flatMap((e: any) => e.addresses));
}

/**
 * Patroni on the Kubernetes DCS: each Postgres cluster (a StatefulSet whose pods run `patroni`)
 * has exactly one pod labelled as leader, the -rw Service routes to that pod only and the -ro
 * Service to the replicas only.
 */
export async function checkPatroniRouting(cluster: Cluster, objects: KubernetesObject[]): Promise<{ leaders: number; problems: string[] }> {
  const problems: string[] = [];
  let leaders = 0;
  for (const sts of patroniClusters(objects)) {
    const ns = sts.metadata!.namespace;
    const name = sts.metadata!.name;
    const pods = (await cluster.core.listNamespacedPod({ namespace: ns, labelSelector: labelSelector(sts.spec.selector.matchLabels) })).items;
    const leader = pods.filter((p) => p.metadata?.labels?.role === 'master');
    const replicas = pods.filter((p) => p.metadata?.labels?.role === 'replica');
    if (leader.length !== 1) {
      problems.push(`${ns}/${name}: ${leader.length} pods labelled role=master`);
      continue;
    }
    leaders++;
    const rw = (await readyAddresses(cluster, ns, `${name}-rw`)).sort();
    if (JSON.stringify(rw) !== JSON.stringify([leader[0].status?.podIP])) problems.push(`${ns}/${name}-rw routes to ${rw.join(',') || 'nothing'}, leader is ${leader[0].status?.podIP}`);
    const ro = (await readyAddresses(cluster, ns, `${name}-ro`)).sort();
    const expected = replicas.map((p) => p.status?.podIP).sort();
    if (JSON.stringify(ro) !== JSON.stringify(expected)) problems.push(`${ns}/${name}-ro routes to ${ro.join(',') || 'nothing'}, replicas are ${expected.join(',') || 'none'}`);
  }
  return { leaders, problems };
}

/** The StatefulSets whose pods run `patroni`. */
export function patroniClusters(objects: KubernetesObject[]): KubernetesObject[] {
  return objects.filter((o) => o.kind === 'StatefulSet' && (o.spec?.template?.spec?.containers ?? []).some((c: any) => c.command?.[0] === 'patroni'));
}

/**
 * Deletes the namespaces and waits until they are gone (volumes released with them). The tests are
 * done with the pods, so they go with grace 0 once the namespace is terminating (nothing can
 * recreate them then): their grace periods and preStop hand-overs made one deletion take ~80 s.
 * Their claims go at once too, without waiting for the PVC protection controller to release them
 * (no pod is left to use them): the namespace controller then finds nothing on its first pass,
 * 5 s after the delete (its fixed grace), instead of a second pass 5 s later (11 s -> 6 s).
 */
export async function deleteNamespaces(cluster: Cluster, namespaces: string[], timeoutMs = 5 * 60_000): Promise<void> {
  const started = Date.now();
  const absent = (err: any) => { if (err?.code !== 404) throw err; };
  for (const name of namespaces) {
    await cluster.core.deleteNamespace({ name }).catch(absent);
    await cluster.core.deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 }).catch(absent);
    await cluster.core.deleteCollectionNamespacedPersistentVolumeClaim({ namespace: name }).catch(absent);
    for (const pvc of (await cluster.core.listNamespacedPersistentVolumeClaim({ namespace: name })).items) {
      if (!pvc.metadata?.finalizers?.length) continue;
      await cluster.core.patchNamespacedPersistentVolumeClaim({ namespace: name, name: pvc.metadata.name!, body: [{ op: 'remove', path: '/metadata/finalizers' }] })
        .catch(absent);
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (const name of namespaces) {
    for (;;) {
      const gone = await cluster.core.readNamespace({ name }).then(() => false, (err: any) => err?.code === 404);
      if (gone) break;
      if (Date.now() > deadline) throw new Error(`namespace ${name} still terminating after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  process.stderr.write(`namespaces ${namespaces.join(', ')} deleted in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** The figures as aligned rows. */
export function summary(rows: string[]): string {
  const cells = rows.map((r) => r.split(' | '));
  const widths = cells.reduce<number[]>((w, row) => row.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}
