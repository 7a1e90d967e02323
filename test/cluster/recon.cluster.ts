import { dryRunAccepted } from './dry-run';
import { platformComesUp } from './platforms';
import { redisRollingRestart } from './rollouts';
import { target } from './target';

/** The recon lane (namespace recon): its manifests through both API servers, dev and prod brought up, a Redis rolling restart. */
dryRunAccepted('recon');
platformComesUp('recon');
redisRollingRestart(target('recon', 'staging', 'redis.k8s.yaml'));
