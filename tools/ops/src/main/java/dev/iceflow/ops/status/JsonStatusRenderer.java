package dev.iceflow.ops.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.cost.PauseHold;
import java.io.PrintWriter;

/**
 * {@code ops status --json}: one document whose field names are an interface (documented in the
 * footer of {@link StatusCommand}'s help).
 */
final class JsonStatusRenderer {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void render(StatusReport report, TablesSection tables, PrintWriter out) {
    try {
      ObjectNode document = document(report);
      document.set("tables", tables.json());
      out.println(JSON.writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the status could not be written as JSON", e);
    }
  }

  ObjectNode document(StatusReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generatedAt", report.generatedAt().toString());
    root.put("region", report.region());
    root.put("prefix", report.prefix());
    root.put("healthy", report.problems().isEmpty());
    ArrayNode problems = root.putArray("problems");
    report.problems().forEach(problems::add);
    ArrayNode queues = root.putArray("queues");
    for (QueueStatus queue : report.queues()) {
      ObjectNode node = queues.addObject();
      node.put("queue", queue.queue());
      node.put("name", queue.name());
      node.put("kind", queue.kind().wireName());
      node.put("deadLetterOf", queue.deadLetterOf());
      node.put("waiting", queue.waiting());
      node.put("inFlight", queue.inFlight());
      node.put("delayed", queue.delayed());
      node.put("problem", queue.problem());
    }
    ArrayNode functions = root.putArray("functions");
    for (FunctionStatus function : report.functions()) {
      ObjectNode node = functions.addObject();
      node.put("function", function.function());
      node.put("name", function.name());
      node.put("found", function.found());
      ArrayNode mappings = node.putArray("mappings");
      for (FunctionStatus.Mapping mapping : function.mappings()) {
        ObjectNode m = mappings.addObject();
        m.put("uuid", mapping.uuid());
        m.put("state", mapping.state());
        m.put("eventSourceArn", mapping.eventSourceArn());
      }
      node.put("problem", function.problem());
    }
    ObjectNode holds = root.putObject("holds");
    holds.put("table", report.holdsTable());
    ArrayNode held = holds.putArray("holds");
    for (PauseHold hold : report.holds().holds()) {
      ObjectNode node = held.addObject();
      node.put("holder", hold.holder());
      ArrayNode named = node.putArray("functions");
      hold.functions().forEach(named::add);
      node.put("requestedBy", hold.requestedBy());
      node.put("dataset", hold.dataset());
      node.put("since", hold.since().toString());
      node.put("until", hold.lapsesAt().map(Object::toString).orElse(null));
      node.put("reason", hold.reason());
    }
    return root;
  }
}
