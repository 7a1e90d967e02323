import { Construct } from 'constructs';
import {
  KafkaUser, KafkaUserSpecAuthenticationType, KafkaUserSpecAuthorizationAclsOperations, KafkaUserSpecAuthorizationAclsResourcePatternType,
  KafkaUserSpecAuthorizationAclsResourceType, KafkaUserSpecAuthorizationType,
} from '../../imports/kafkauser-kafka.strimzi.io';
import { syncWave, SyncWave } from '../lib/gitops';
import { aclsFor, KafkaClient, TopicOperation } from './clients';
import { KafkaSettings } from './settings';

const OPERATIONS: Record<TopicOperation, KafkaUserSpecAuthorizationAclsOperations> = {
  Read: KafkaUserSpecAuthorizationAclsOperations.READ,
  Write: KafkaUserSpecAuthorizationAclsOperations.WRITE,
  Describe: KafkaUserSpecAuthorizationAclsOperations.DESCRIBE,
};

/**
 * One KafkaUser per client service, authenticated like the listener. The User Operator writes
 * the credentials to the Secret `<cluster>-<service>`; the service mounts it from there. Users are
 * not data-bearing: removing a service may prune its user (credentials are reissued on re-create).
 */
export function kafkaUsers(scope: Construct, props: {
  settings: KafkaSettings;
  clients: readonly KafkaClient[];
  labels: (client: KafkaClient) => Record<string, string>;
}): KafkaUser[] {
  return props.clients.map((client) => new KafkaUser(scope, `User-${client.service}`, {
    metadata: {
      name: client.service,
      labels: { ...props.labels(client), 'strimzi.io/cluster': props.settings.name },
      annotations: syncWave(SyncWave.MESSAGING),
    },
    spec: {
      authentication: {
        type: props.settings.authentication === 'tls' ? KafkaUserSpecAuthenticationType.TLS : KafkaUserSpecAuthenticationType.SCRAM_HYPHEN_SHA_HYPHEN_512,
      },
      authorization: {
        type: KafkaUserSpecAuthorizationType.SIMPLE,
        acls: aclsFor(client).map((rule) => ({
          resource: {
            type: rule.resource.type === 'topic' ? KafkaUserSpecAuthorizationAclsResourceType.TOPIC : KafkaUserSpecAuthorizationAclsResourceType.GROUP,
            name: rule.resource.name,
            patternType: KafkaUserSpecAuthorizationAclsResourcePatternType.LITERAL,
          },
          operations: rule.operations.map((op) => OPERATIONS[op]),
        })),
      },
    },
  }));
}
