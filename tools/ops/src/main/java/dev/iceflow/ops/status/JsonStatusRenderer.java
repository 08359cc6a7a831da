package dev.iceflow.ops.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.cost.PauseHold;
import dev.iceflow.ops.status.alarms.AlarmStatus;
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
    ArrayNode alarms = root.putArray("alarms");
    for (AlarmStatus status : report.alarms()) {
      alarm(alarms.addObject(), status);
    }
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
      node.put("problem", report.alarmed(queue));
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

  private static void alarm(ObjectNode node, AlarmStatus status) {
    AlarmSpec alarm = status.alarm();
    node.put("alarm", alarm.name());
    node.put("target", status.instance().target());
    node.put("dimension", status.instance().dimension().map(d -> d.name()).orElse(null));
    node.put("watched", status.instance().dimension().map(d -> d.value()).orElse(null));
    node.put("state", status.evaluation().state().name());
    node.put("firing", status.firing());
    node.put("metric", AlarmStatus.metricLabel(alarm));
    node.put("statistic", alarm.statistic());
    node.put("periodSeconds", alarm.periodSeconds());
    node.put("evaluationPeriods", alarm.evaluationPeriods());
    node.put("datapointsToAlarm", alarm.datapointsToAlarm());
    node.put("breaching", status.evaluation().breaching());
    node.put("comparison", alarm.comparison());
    node.put("threshold", alarm.threshold());
    if (status.evaluation().latest().isPresent()) {
      node.put("value", status.evaluation().latest().getAsDouble());
    } else {
      node.putNull("value");
    }
    node.put("treatMissingData", alarm.treatMissingData());
    node.put("runbook", alarm.runbook());
  }
}
