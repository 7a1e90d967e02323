/**
 * A Service may select on labels that a controller inside the pods sets at run time, such as
 * Patroni's role label (`role: master` on the primary). No pod template carries them, so a
 * static "does this selector match a workload" check would call the Service dangling. The
 * Service names those keys in this annotation; checks drop them before matching templates.
 */
export const RUNTIME_SELECTOR_LABELS_ANNOTATION = 'platform.io/runtime-selector-labels';

export function runtimeSelectorLabels(keys: readonly string[]): Record<string, string> {
  return { [RUNTIME_SELECTOR_LABELS_ANNOTATION]: [...keys].sort().join(',') };
}

/** The selector without the keys the Service declares as runtime labels. */
export function staticSelector(selector: Record<string, string>, annotations: Record<string, string> | undefined): Record<string, string> {
  const runtime = new Set((annotations?.[RUNTIME_SELECTOR_LABELS_ANNOTATION] ?? '').split(',').map((k) => k.trim()).filter(Boolean));
  return Object.fromEntries(Object.entries(selector).filter(([k]) => !runtime.has(k)));
}
