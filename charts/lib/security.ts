import { k8s } from './k8s';

/**
 * Pod Security Standards "restricted" settings, shared by every workload.
 * `readOnlyRootFilesystem` stays on unless the component declares why its image must write
 * (the annotation is read by the policy check, so the exception is visible in review).
 */
export { WRITABLE_ROOT_FS_ANNOTATION } from '../../validation/policy';

export function podSecurityContext(uid: number, gid = uid): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: gid,
    fsGroup: gid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerSecurityContext(opts: { readOnlyRootFilesystem?: boolean } = {}): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: opts.readOnlyRootFilesystem ?? true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
