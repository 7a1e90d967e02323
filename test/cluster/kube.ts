import * as path from 'path';
import { Cluster, connect } from '../../cluster/lib/client';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const FIELD_MANAGER = 'platform-cluster-test';

/** The test cluster `npm run test:cluster` brought up (cluster/test.sh exports KUBECONFIG). */
export function testCluster(variable = 'KUBECONFIG'): Cluster {
  const kubeconfig = process.env[variable];
  if (!kubeconfig) throw new Error(`${variable} is not set: run the cluster tests with \`npm run test:cluster\` (as root)`);
  return connect(kubeconfig);
}

/** Lanes of cluster tests run side by side (jest workers, test/cluster/*.cluster.ts): each fits its pods' requests into its share of the node. */
export const LANES: number = require('../../jest.cluster.config.js').maxWorkers;
export const NODE_SHARE = 0.8 / LANES;
