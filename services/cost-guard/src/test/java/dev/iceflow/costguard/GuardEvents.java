package dev.iceflow.costguard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.ContractSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/** Messages for cost-guard, from the contracts' own examples with a fresh id, time and dataset. */
final class GuardEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GuardEvents() {}

  static ObjectNode committed(String dataset, Instant at) {
    ObjectNode event = example("table.committed", "valid-two-batches.json");
    event.put("id", "committed-" + UUID.randomUUID());
    event.put("dataset", dataset);
    event.put("time", at.toString());
    ((ObjectNode) event.get("data")).put("committedAt", at.toString());
    return event;
  }

  static ObjectNode tick(Instant firedAt) {
    ObjectNode tick = example("schedule.tick", "valid-local-cost-guard-tick.json");
    tick.put("id", "schedule.cost-guard-tick." + firedAt + "." + UUID.randomUUID());
    tick.put("time", firedAt.toString());
    ((ObjectNode) tick.get("data")).put("firedAt", firedAt.toString());
    return tick;
  }

  static ObjectNode example(String type, String file) {
    String path =
        "%s/messages/%s/v1/examples/%s".formatted(ContractSource.CLASSPATH_ROOT, type, file);
    try (InputStream in = GuardEvents.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no example " + path);
      }
      JsonNode node = JSON.readTree(in);
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
