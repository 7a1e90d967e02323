import { dryRunAccepted } from './dry-run';
import { natsFailover } from './failover';
import { natsAuthorizationScenario } from './nats-auth';
import { platformComesUp } from './platforms';
import { natsRollingRestart } from './rollouts';
import { target } from './target';

/**
 * The deltran-mvp lane (namespace deltran): its manifests through both API servers, its dev and
 * prod brought up, then the NATS scenarios (deltran-mvp is the platform with NATS).
 */
const nats = target('deltran-mvp', 'staging', 'nats.k8s.yaml');
dryRunAccepted('deltran-mvp');
platformComesUp('deltran-mvp');
natsAuthorizationScenario();
natsFailover(nats);
natsRollingRestart(nats);
