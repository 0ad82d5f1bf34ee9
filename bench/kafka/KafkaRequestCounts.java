import com.sun.tools.attach.VirtualMachine;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The Kafka broker's own count of the requests it has served, by request type, printed as one JSON
 * object: {"Produce": 123, "Fetch": 456, ...}. Attaches to the broker's JVM (its pid, the first
 * argument) through the JDK's attach API and reads kafka.network RequestMetrics RequestsPerSec
 * (a meter per request type and version: their Counts are summed). The broker needs no JMX port.
 * Run as a single-file program: `java bench/kafka/KafkaRequestCounts.java <pid>`.
 */
public class KafkaRequestCounts {
  public static void main(String[] args) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      Set<ObjectName> names = server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null);
      Map<String, Long> counts = new TreeMap<>();
      for (ObjectName name : names) {
        long count = ((Number) server.getAttribute(name, "Count")).longValue();
        counts.merge(name.getKeyProperty("request"), count, Long::sum);
      }
      StringBuilder json = new StringBuilder("{");
      for (Map.Entry<String, Long> entry : counts.entrySet()) {
        if (json.length() > 1) json.append(',');
        json.append('"').append(entry.getKey()).append("\":").append(entry.getValue());
      }
      System.out.println(json.append('}'));
    }
  }
}
