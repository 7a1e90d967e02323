import { dryRunAccepted } from './dry-run';
import { fitKeepsRequestsPositive, platformComesUp } from './platforms';
import { preflightScenario } from './preflight';
import { redisFullRestart } from './rollouts';
import { target } from './target';

/**
 * The vatic-prop lane (namespace vatic-prop, and preflight's own): its manifests through both API
 * servers, dev and prod brought up, a full Redis restart without sentinels; preflight.
 */
dryRunAccepted('vatic-prop');
fitKeepsRequestsPositive();
platformComesUp('vatic-prop');
redisFullRestart(target('vatic-prop', 'staging', 'redis.k8s.yaml'));
preflightScenario();
