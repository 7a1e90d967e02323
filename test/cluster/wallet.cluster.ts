import { dryRunAccepted } from './dry-run';
import { postgresFailover } from './failover';
import { platformComesUp } from './platforms';
import { postgresPlannedScenario } from './postgres-planned';
import { postgresReconcileScenario } from './postgres-reconcile';
import { postgresTlsScenario } from './postgres-tls';
import { target } from './target';
import { wiringScenario } from './wiring';

/**
 * The wallet lane (namespace wallet, which no other lane touches): its manifests through both API
 * servers, its dev and prod brought up, then the Postgres scenarios, which need wallet staging
 * (the one staging Postgres that is synchronous and archives no WAL with WAL-G), and the wiring
 * of wallet-service.
 */
dryRunAccepted('wallet');
platformComesUp('wallet');
postgresFailover(target('wallet', 'staging', 'postgres.k8s.yaml'));
postgresPlannedScenario();
wiringScenario();
postgresReconcileScenario();
postgresTlsScenario();
