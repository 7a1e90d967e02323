import { containerSecurityContext, podSecurityContext } from '../lib/security';

/**
 * Pod and container template pieces every Strimzi-managed pod gets.
 *
 * Sidecar injection is off: Strimzi already encrypts and authenticates every connection with its
 * own CAs (TLS, SCRAM or client certificates), so a sidecar only adds a second TLS layer; and
 * brokers and controllers dial each other by per-pod address from their first second of life,
 * before an injected proxy is ready, which stalls quorum formation and replication.
 *
 * The security contexts satisfy the namespace's Pod Security "restricted" level without relying on
 * the operator's pod security provider setting. Strimzi mounts /tmp as an emptyDir, so its
 * containers run with a read-only root filesystem. The images run as UID 1001 with group 0, and
 * the data volumes need fsGroup 0 for the broker to own its log directories.
 */
export const NO_SIDECAR_ANNOTATIONS: Readonly<Record<string, string>> = { 'sidecar.istio.io/inject': 'false' };

export const STRIMZI_UID = 1001;
const STRIMZI_GID = 0;

export function strimziPod() {
  return {
    metadata: { annotations: { ...NO_SIDECAR_ANNOTATIONS } },
    securityContext: podSecurityContext(STRIMZI_UID, STRIMZI_GID),
  };
}

export function strimziContainer() {
  return { securityContext: containerSecurityContext() };
}
