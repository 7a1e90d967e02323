import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Does for the test broker what Strimzi's Topic and User Operators do for a cluster: creates the
 * topics, the SCRAM credentials and the ACLs listed in a plan file (written by the test from the
 * synthesized KafkaTopic and KafkaUser resources), as the super user, and waits until the broker
 * serves them. Plan lines, tab-separated:
 *   topic  NAME  PARTITIONS  REPLICAS  [KEY=VALUE ...]   (topic config)
 *   scram  USER  PASSWORD
 *   acl    PRINCIPAL  RESOURCE_TYPE  PATTERN_TYPE  RESOURCE_NAME  OPERATION  HOST  ALLOW|DENY
 * Usage: StrimziStandIn ADMIN_CLIENT_PROPERTIES PLAN
 */
public final class StrimziStandIn {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (var in = Files.newInputStream(Path.of(args[0]))) { props.load(in); }
    List<NewTopic> topics = new ArrayList<>();
    List<UserScramCredentialUpsertion> users = new ArrayList<>();
    List<AclBinding> acls = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "topic" -> {
          Map<String, String> config = new HashMap<>();
          for (int i = 4; i < f.length; i++) config.put(f[i].substring(0, f[i].indexOf('=')), f[i].substring(f[i].indexOf('=') + 1));
          topics.add(new NewTopic(f[1], Integer.parseInt(f[2]), Short.parseShort(f[3])).configs(config));
        }
        case "scram" -> users.add(new UserScramCredentialUpsertion(f[1], new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), f[2]));
        case "acl" -> acls.add(new AclBinding(
            new ResourcePattern(ResourceType.valueOf(f[2]), f[4], PatternType.valueOf(f[3])),
            new AccessControlEntry(f[1], f[6], AclOperation.valueOf(f[5]), AclPermissionType.valueOf(f[7]))));
        default -> throw new IllegalArgumentException("unknown plan line: " + line);
      }
    }
    try (Admin admin = Admin.create(props)) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (true) {
        try {
          admin.describeCluster().nodes().get();
          break;
        } catch (ExecutionException e) {
          if (System.currentTimeMillis() > deadline) throw e;
          Thread.sleep(200);
        }
      }
      admin.createTopics(topics).all().get();
      admin.alterUserScramCredentials(new ArrayList<>(users)).all().get();
      admin.createAcls(acls).all().get();
      // the broker applies metadata records after the controller commits them: wait until it serves them all
      Set<String> wantedUsers = new HashSet<>();
      users.forEach((u) -> wantedUsers.add(u.user()));
      while (true) {
        Set<AclBinding> served = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        Set<String> servedUsers = admin.describeUserScramCredentials().all().get().keySet();
        if (served.containsAll(acls) && servedUsers.containsAll(wantedUsers)) break;
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException("broker did not serve the ACLs and users in time");
        Thread.sleep(100);
      }
      System.out.println("ready: " + topics.size() + " topics, " + users.size() + " users, " + acls.size() + " ACLs");
    }
  }
}
