import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An application service's Kafka client, configured from nothing but its environment: the variables
 * a synthesized Deployment gives it. System properties name the variables (the documented names,
 * or the service's renames), the way an app's own code names them. Runs steps and prints one line
 * per step: "STEP<TAB>ok<TAB>detail" or "STEP<TAB><exception class><TAB>message".
 * Steps: produce:TOPIC:VALUE  consume:TOPIC (the env's group)  consume:TOPIC:GROUP
 */
public final class ServiceProbe {
  private static String env(String key) {
    String name = System.getProperty("env." + key);
    String value = name == null ? null : System.getenv(name);
    if (value == null) throw new IllegalStateException("variable for " + key + " (" + name + ") is not set");
    return value;
  }

  private static Properties common() {
    Properties p = new Properties();
    p.put("bootstrap.servers", env("bootstrapServers"));
    p.put("security.protocol", env("securityProtocol"));
    p.put("sasl.mechanism", env("saslMechanism"));
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + env("username") + "\" password=\"" + env("password") + "\";");
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", env("caFile"));
    p.put("client.id", env("clientId"));
    return p;
  }

  public static void main(String[] args) {
    for (String step : args) {
      String[] f = step.split(":", 3);
      try {
        String detail = f[0].equals("produce") ? produce(f[1], f[2]) : consume(f[1], f.length > 2 ? f[2] : env("groupId"));
        System.out.println(step + "\tok\t" + detail);
      } catch (Exception e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause.getClass() == RuntimeException.class) && cause.getCause() != null) cause = cause.getCause();
        System.out.println(step + "\t" + cause.getClass().getSimpleName() + "\t" + String.valueOf(cause.getMessage()).replace('\n', ' '));
      }
    }
  }

  private static String produce(String topic, String value) throws Exception {
    Properties p = common();
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("max.block.ms", "30000");
    p.put("delivery.timeout.ms", "30000");
    p.put("request.timeout.ms", "10000");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      var meta = producer.send(new ProducerRecord<>(topic, value)).get(40, TimeUnit.SECONDS);
      return "partition " + meta.partition() + " offset " + meta.offset();
    }
  }

  private static String consume(String topic, String group) {
    Properties p = common();
    p.put("group.id", group);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    p.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          consumer.commitSync();
          return "read " + r.value();
        }
      }
      return "read nothing";
    }
  }
}
