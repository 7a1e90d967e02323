/**
 * The Kubernetes API bindings (`k8s.KubeStatefulSet`, ...) cdk8s-plus-28 generates, without the
 * rest of cdk8s-plus: the charts use only these, and loading the package's index also loads its
 * higher-level constructs (~30 modules), a tenth of a warm synth's module loading.
 */
export * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
