import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileInputStream;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Applies deploy/kafka/acls.json to a broker as its super user: a SCRAM-SHA-512 user for every
 * principal that has none yet (local passwords: see kafka.sh), and exactly the file's ACLs for
 * them (bindings of those principals that the file no longer lists are deleted). Idempotent.
 *   java -cp "<kafka jars>" KafkaPrincipals.java <bootstrap> <admin client properties> <acls.json> <password prefix>
 */
public class KafkaPrincipals {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (FileInputStream in = new FileInputStream(args[1])) {
      props.load(in);
    }
    props.setProperty("bootstrap.servers", args[0]);
    JsonNode users = new ObjectMapper().readTree(new File(args[2])).get("users");
    String passwordPrefix = args[3];
    try (Admin admin = Admin.create(props)) {
      Set<String> names = new HashSet<>();
      List<AclBinding> wanted = new ArrayList<>();
      for (JsonNode user : users) {
        String name = user.get("name").asText();
        names.add(name);
        for (JsonNode acl : user.get("acls")) wanted.addAll(bindings("User:" + name, acl));
      }
      ensureUsers(admin, names, passwordPrefix);
      Set<AclBinding> existing = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
      List<AclBindingFilter> stale = new ArrayList<>();
      for (AclBinding binding : existing) {
        String principal = binding.entry().principal();
        if (principal.startsWith("User:") && names.contains(principal.substring(5)) && !wanted.contains(binding))
          stale.add(binding.toFilter());
      }
      if (!stale.isEmpty()) admin.deleteAcls(stale).all().get();
      List<AclBinding> missing = new ArrayList<>();
      for (AclBinding binding : wanted) if (!existing.contains(binding)) missing.add(binding);
      if (!missing.isEmpty()) admin.createAcls(missing).all().get();
      System.err.printf("[kafka] principals: %d users, %d ACLs (%d added, %d removed)%n",
          names.size(), wanted.size(), missing.size(), stale.size());
    }
  }

  private static void ensureUsers(Admin admin, Set<String> names, String passwordPrefix) throws Exception {
    Set<String> known = new HashSet<>();
    for (UserScramCredentialsDescription d : admin.describeUserScramCredentials().all().get().values())
      if (d.credentialInfos().stream().anyMatch(i -> i.mechanism() == ScramMechanism.SCRAM_SHA_512))
        known.add(d.name());
    List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> add = new ArrayList<>();
    for (String name : names) {
      if (known.contains(name)) continue;
      add.add(new UserScramCredentialUpsertion(name,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), passwordPrefix + name));
    }
    if (!add.isEmpty()) admin.alterUserScramCredentials(add).all().get();
  }

  private static List<AclBinding> bindings(String principal, JsonNode acl) {
    JsonNode resource = acl.get("resource");
    ResourceType type = switch (resource.get("type").asText()) {
      case "topic" -> ResourceType.TOPIC;
      case "group" -> ResourceType.GROUP;
      case "cluster" -> ResourceType.CLUSTER;
      case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
      default -> throw new IllegalArgumentException("unknown resource type " + resource.get("type"));
    };
    String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.get("name").asText();
    PatternType pattern = resource.path("patternType").asText("literal").equals("prefix")
        ? PatternType.PREFIXED : PatternType.LITERAL;
    AclPermissionType permission = acl.path("type").asText("allow").equals("deny")
        ? AclPermissionType.DENY : AclPermissionType.ALLOW;
    String host = acl.path("host").asText("*");
    List<AclBinding> result = new ArrayList<>();
    for (JsonNode op : acl.get("operations")) {
      // Strimzi spells operations in CamelCase (IdempotentWrite); Kafka's enum in UPPER_SNAKE.
      AclOperation operation = AclOperation.valueOf(
          op.asText().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
      result.add(new AclBinding(new ResourcePattern(type, name, pattern),
          new AccessControlEntry(principal, host, operation, permission)));
    }
    return result;
  }
}
