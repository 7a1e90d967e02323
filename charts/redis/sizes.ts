/**
 * Byte sizes in the two notations this component meets: Redis config sizes ("512mb", "2gb", where
 * "k"/"m"/"g" are powers of 1000 and "kb"/"mb"/"gb" powers of 1024, case-insensitive) and
 * Kubernetes quantities ("3Gi", "512Mi", "1G"). Comparing them catches a maxmemory that does not
 * fit in the container's memory limit.
 */

const REDIS_SIZE = /^([0-9]+)(k|kb|m|mb|g|gb)?$/i;

const REDIS_UNITS: Record<string, number> = {
  '': 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3,
};

/** Bytes of a Redis size such as "512mb", or undefined when Redis would not read it as a size. */
export function redisBytes(value: string): number | undefined {
  const m = REDIS_SIZE.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * REDIS_UNITS[(m[2] ?? '').toLowerCase()];
}

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

const QUANTITY_UNITS: Record<string, number> = {
  '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12,
};

/** Bytes of a Kubernetes memory quantity, or undefined for notations this check does not handle (e.g. "1e9"). */
export function quantityBytes(value: string): number | undefined {
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * QUANTITY_UNITS[m[2] ?? ''];
}

/** A memory quantity in Mi, rounded up: the default container memory for a given number of bytes. */
export function mebibytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024 ** 2)}Mi`;
}
