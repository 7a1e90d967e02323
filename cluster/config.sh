# Settings shared by the cluster scripts (sourced). Each can be overridden from the environment.
CLUSTER_NAME="${CLUSTER_NAME:-platform-test}"
NODE_NAME="${NODE_NAME:-platform-node}"
# the state of one cluster: etcd data, PKI, containerd's store, the kubelet's root, logs
STATE="${CLUSTER_STATE:-/var/lib/platform-test-cluster}"
RUN_DIR="${CLUSTER_RUN:-/run/platform-test-cluster}"
# the node's address, on an interface of its own
NODE_LINK="${NODE_LINK:-ptc0}"
NODE_IP="${NODE_IP:-10.250.0.1}"
POD_CIDR="${POD_CIDR:-10.244.0.0/16}"
CNI_BRIDGE="ptcbr0"
SERVICE_CIDR="${SERVICE_CIDR:-10.96.0.0/16}"
API_SERVICE_IP="10.96.0.1"
DNS_SERVICE_IP="10.96.0.10"
# ports away from a Debian etcd-server that may run on the same machine
ETCD_PORT=23790
ETCD_PEER_PORT=23800
ETCD_METRICS_PORT=23810
# the v1.28 API server for dry-runs
OLDEST_API_PORT=6444
PAUSE_IMAGE="registry.k8s.io/pause:3.10"
