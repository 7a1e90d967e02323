/**
 * Names of streams and consumers. JetStream forbids spaces, `.`, `*`, `>` and path separators;
 * the stricter set kept here also makes every name a valid ConfigMap key and file name.
 * Kubernetes object names are derived from them, lowercased, so they never change unless the
 * stream, consumer or component name does.
 */
export const JETSTREAM_NAME = /^[A-Za-z0-9_-]+$/;

/** Longest stream or consumer name accepted (JetStream's own limit is 255). */
export const MAX_JETSTREAM_NAME = 200;

export function isValidJetStreamName(name: unknown): boolean {
  return typeof name === 'string' && name.length <= MAX_JETSTREAM_NAME && JETSTREAM_NAME.test(name);
}

/** "ORDERS_V2" -> "orders-v2": lowercase, '_' -> '-', no leading or trailing '-'. */
export function dnsPart(name: string): string {
  return name.toLowerCase().replace(/_/g, '-').replace(/^-+|-+$/g, '');
}

/** NACK Stream resource name: `<component>-<stream>`. */
export function streamResourceName(component: string, stream: string): string {
  return `${component}-${dnsPart(stream)}`;
}

/** NACK Consumer resource name: `<component>-<stream>-<consumer>`. */
export function consumerResourceName(component: string, stream: string, consumer: string): string {
  return `${component}-${dnsPart(stream)}-${dnsPart(consumer)}`;
}
