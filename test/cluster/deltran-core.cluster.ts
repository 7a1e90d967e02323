import { apiServerCatches, dryRunAccepted } from './dry-run';
import { redisFailover } from './failover';
import { platformComesUp } from './platforms';
import { target } from './target';

/**
 * The deltran-core lane (namespace deltran-core): its manifests through both API servers and what
 * the API server refuses that the offline validator lets through, dev and prod brought up, the
 * Redis master deleted.
 */
dryRunAccepted('deltran-core');
apiServerCatches('deltran-core');
platformComesUp('deltran-core');
redisFailover(target('deltran-core', 'staging', 'redis.k8s.yaml'));
