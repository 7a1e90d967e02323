import { createHash } from 'crypto';

/** Hash of configuration content, put on pod templates so pods roll when their config changes. */
export function configChecksum(...contents: string[]): string {
  const h = createHash('sha256');
  for (const c of contents) h.update(c).update('\0');
  return h.digest('hex');
}

export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';
