import { RUNTIME_SELECTOR_LABELS_ANNOTATION } from '../../validation/policy';

/**
 * A Service may select on labels that a controller inside the pods sets at run time, such as
 * Patroni's role label (`role: master` on the primary). No pod template carries them, so a
 * static "does this selector match a workload" check would call the Service dangling. The
 * Service names those keys in this annotation; the dangling-service check (validation/policy)
 * drops them before matching templates and owns the annotation's name.
 */
export { RUNTIME_SELECTOR_LABELS_ANNOTATION };

export function runtimeSelectorLabels(keys: readonly string[]): Record<string, string> {
  return { [RUNTIME_SELECTOR_LABELS_ANNOTATION]: [...keys].sort().join(',') };
}
