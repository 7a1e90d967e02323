/**
 * Alias of StatefulSetWithClaimKinds (lib/stateful-set), which two components wrote at the same
 * time; kept so both import paths resolve to one implementation.
 */
export { StatefulSetWithClaimKinds as KubeStatefulSetWithClaimTemplates } from './stateful-set';
