/**
 * Pod-level settings the spec model does not cover, for application services and for the pods
 * of the data components: pull secrets, node placement, priority, annotations, extra volumes.
 * Applied to the synthesized objects of one chart, so every workload of a component gets them
 * however it builds its pods (Deployments, StatefulSets, Jobs, CronJobs, Strimzi pod templates).
 */
import { ProblemCollector } from './errors';

export interface TolerationSpec {
  /** Taint key; empty with operator Exists tolerates every taint. @default every key */
  readonly key?: string;
  /** @default Equal */
  readonly operator?: 'Equal' | 'Exists';
  /** Taint value (operator Equal). @default "" */
  readonly value?: string;
  /** @default every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** Seconds a NoExecute taint is tolerated before eviction. @default forever */
  readonly tolerationSeconds?: number;
}

/** One extra volume and where it is mounted. Exactly one source: configMap, secret, emptyDir or persistentVolumeClaim. */
export interface ExtraVolumeSpec {
  /** Volume name (DNS-1123 label), unique in the pod. */
  readonly name: string;
  /** ConfigMap name. @default not a ConfigMap volume */
  readonly configMap?: string;
  /** Secret name. @default not a Secret volume */
  readonly secret?: string;
  /** Scratch space that lives as long as the pod. @default not an emptyDir volume */
  readonly emptyDir?: { readonly medium?: 'Memory'; readonly sizeLimit?: string };
  /** Existing PersistentVolumeClaim name (shared by every pod of the workload). @default not a claim */
  readonly persistentVolumeClaim?: string;
  /** Absolute path in the containers. */
  readonly mountPath: string;
  /** @default true for configMap and secret volumes, false otherwise */
  readonly readOnly?: boolean;
  /** Mount only this file or folder of the volume. @default the whole volume */
  readonly subPath?: string;
  /** Containers that mount it, by name. @default every container of the pod (not init containers) */
  readonly containers?: string[];
}

export interface PodOverridesSpec {
  /** Secrets (kubernetes.io/dockerconfigjson) used to pull the images, by name. @default none */
  readonly imagePullSecrets?: string[];
  /** Node labels the pods must run on; merged over any the component sets. @default none */
  readonly nodeSelector?: Record<string, string>;
  /** Taints the pods tolerate, added to any the component sets. @default none */
  readonly tolerations?: TolerationSpec[];
  /** PriorityClass of the pods (it must exist in the cluster). @default the cluster default */
  readonly priorityClassName?: string;
  /** Annotations on the pods (not the workload), over the component's own. @default none */
  readonly podAnnotations?: Record<string, string>;
  /** Volumes added to the pods, mounted in their containers. @default none */
  readonly extraVolumes?: ExtraVolumeSpec[];
}

type Obj = Record<string, any>;

const SOURCES = ['configMap', 'secret', 'emptyDir', 'persistentVolumeClaim'] as const;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Problems of one PodOverridesSpec that can be seen without the objects. */
export function checkPodOverrides(c: ProblemCollector, o: PodOverridesSpec | undefined): void {
  if (o === undefined) return;
  const seen = new Set<string>();
  (o.extraVolumes ?? []).forEach((v, i) => {
    const at = `extraVolumes[${i}]`;
    if (typeof v.name !== 'string' || !DNS_LABEL.test(v.name)) c.add(`${at}.name`, v.name, 'a DNS-1123 label', 'use lower-case letters, digits and "-"');
    else if (seen.has(v.name)) c.add(`${at}.name`, v.name, 'a name no other extra volume uses', 'rename one of the volumes');
    seen.add(v.name);
    const sources = SOURCES.filter((s) => v[s] !== undefined);
    if (sources.length !== 1) {
      c.add(at, sources, 'exactly one of configMap, secret, emptyDir, persistentVolumeClaim', sources.length ? `keep one of ${sources.join(', ')}` : 'name the volume\'s source, e.g. configMap: "my-config"');
    }
    if (typeof v.mountPath !== 'string' || !v.mountPath.startsWith('/')) c.add(`${at}.mountPath`, v.mountPath, 'an absolute path such as "/etc/extra"', 'start the path with "/"');
  });
  (o.tolerations ?? []).forEach((t, i) => {
    if (t.operator === 'Exists' && t.value !== undefined) c.add(`tolerations[${i}].value`, t.value, 'no value with operator Exists', 'remove the value, or use operator Equal');
  });
}

/**
 * Applies `o` to every pod template among `objects` (in place). Reports a volume name that the
 * component already uses, and container names that do not exist, under `c`.
 */
export function applyPodOverrides(objects: Obj[], o: PodOverridesSpec, c: ProblemCollector): void {
  // a service spec carries these fields among its own: nothing to do (and no empty templates) without one
  const keys: Array<keyof PodOverridesSpec> = ['imagePullSecrets', 'nodeSelector', 'tolerations', 'priorityClassName', 'podAnnotations', 'extraVolumes'];
  if (!keys.some((k) => o[k] !== undefined)) return;
  for (const obj of objects) {
    for (const target of podTargets(obj)) applyTo(target, o, c, `${obj.kind}/${obj.metadata?.name}`);
  }
}

/** A pod template found in an object: the pod spec, its metadata, and how this kind names its fields. */
interface PodTarget {
  readonly pod: Obj;
  readonly metadata: Obj;
  /** Containers by name (Strimzi: the one kafka container template). */
  readonly containers: Map<string, Obj>;
  /** Strimzi pod templates have no nodeSelector: it becomes a required node affinity. */
  readonly strimzi: boolean;
}

function podTargets(obj: Obj): PodTarget[] {
  const kubernetes = (template: Obj | undefined): PodTarget[] => {
    if (!template?.spec) return [];
    template.metadata ??= {};
    return [{ pod: template.spec, metadata: template.metadata, containers: new Map((template.spec.containers ?? []).map((x: Obj) => [x.name, x])), strimzi: false }];
  };
  const strimzi = (template: Obj | undefined, container?: string): PodTarget[] => {
    if (!template) return [];
    template.pod ??= {};
    template.pod.metadata ??= {};
    const containers = new Map<string, Obj>();
    if (container) containers.set(container, (template[`${container}Container`] ??= {}));
    return [{ pod: template.pod, metadata: template.pod.metadata, containers, strimzi: true }];
  };
  const group = String(obj.apiVersion ?? '').split('/')[0];
  if (group === 'kafka.strimzi.io') {
    if (obj.kind === 'KafkaNodePool') return strimzi(obj.spec?.template ?? (obj.spec.template = {}), 'kafka');
    if (obj.kind === 'Kafka') {
      return [
        ...strimzi(obj.spec?.kafka?.template, 'kafka'),
        ...strimzi(obj.spec?.entityOperator ? (obj.spec.entityOperator.template ??= {}) : undefined),
        ...strimzi(obj.spec?.kafkaExporter ? (obj.spec.kafkaExporter.template ??= {}) : undefined),
        ...strimzi(obj.spec?.cruiseControl ? (obj.spec.cruiseControl.template ??= {}) : undefined),
      ];
    }
    return [];
  }
  if (obj.kind === 'CronJob') return kubernetes(obj.spec?.jobTemplate?.spec?.template);
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(obj.kind)) return kubernetes(obj.spec?.template);
  return [];
}

function applyTo(t: PodTarget, o: PodOverridesSpec, c: ProblemCollector, object: string): void {
  if (o.imagePullSecrets?.length) {
    const have: Obj[] = t.pod.imagePullSecrets ?? [];
    t.pod.imagePullSecrets = [...have, ...o.imagePullSecrets.filter((n) => !have.some((s) => s.name === n)).map((name) => ({ name }))];
  }
  if (o.nodeSelector && Object.keys(o.nodeSelector).length) {
    if (t.strimzi) {
      const terms = Object.entries(o.nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
      t.pod.affinity ??= {};
      t.pod.affinity.nodeAffinity ??= {};
      const required = (t.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [] });
      // terms are ORed: the selector's expressions go into every term (or the only one)
      if (required.nodeSelectorTerms.length === 0) required.nodeSelectorTerms.push({ matchExpressions: [] });
      for (const term of required.nodeSelectorTerms) term.matchExpressions = [...(term.matchExpressions ?? []), ...terms];
    } else {
      t.pod.nodeSelector = { ...(t.pod.nodeSelector ?? {}), ...o.nodeSelector };
    }
  }
  if (o.tolerations?.length) t.pod.tolerations = [...(t.pod.tolerations ?? []), ...o.tolerations.map((x) => ({ ...x }))];
  if (o.priorityClassName) t.pod.priorityClassName = o.priorityClassName;
  if (o.podAnnotations && Object.keys(o.podAnnotations).length) t.metadata.annotations = { ...(t.metadata.annotations ?? {}), ...o.podAnnotations };
  // Strimzi's entity operator, exporter and Cruise Control pods take the scheduling settings, not the volumes
  if (t.strimzi && t.containers.size === 0) return;
  (o.extraVolumes ?? []).forEach((v, i) => {
    const at = `extraVolumes[${i}]`;
    const volumes: Obj[] = (t.pod.volumes ??= []);
    if (volumes.some((x) => x.name === v.name)) {
      c.add(`${at}.name`, v.name, `a volume name ${object} does not use already`, 'rename the extra volume');
      return;
    }
    volumes.push(volumeOf(v));
    const names = v.containers ?? [...t.containers.keys()];
    for (const name of names) {
      const container = t.containers.get(name);
      if (!container) {
        if (!t.strimzi) c.add(`${at}.containers`, name, `a container of ${object}: ${[...t.containers.keys()].join(', ')}`, 'name an existing container, or leave containers out to mount it in all of them');
        continue;
      }
      container.volumeMounts = [...(container.volumeMounts ?? []), {
        name: v.name, mountPath: v.mountPath, readOnly: v.readOnly ?? (v.configMap !== undefined || v.secret !== undefined), ...(v.subPath ? { subPath: v.subPath } : {}),
      }];
    }
  });
}

function volumeOf(v: ExtraVolumeSpec): Obj {
  if (v.configMap !== undefined) return { name: v.name, configMap: { name: v.configMap } };
  if (v.secret !== undefined) return { name: v.name, secret: { secretName: v.secret } };
  if (v.persistentVolumeClaim !== undefined) return { name: v.name, persistentVolumeClaim: { claimName: v.persistentVolumeClaim } };
  return { name: v.name, emptyDir: { ...v.emptyDir } };
}
