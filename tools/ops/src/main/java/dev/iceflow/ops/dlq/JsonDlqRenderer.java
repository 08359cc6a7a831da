package dev.iceflow.ops.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * {@code ops dlq list --json}: one document whose field names are an interface (documented in
 * {@link DlqListCommand}'s help).
 */
final class JsonDlqRenderer {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void render(DlqListing listing, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(document(listing)));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the listing could not be written as JSON", e);
    }
  }

  private ObjectNode document(DlqListing listing) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generatedAt", listing.generatedAt().toString());
    root.put("region", listing.region());
    root.put("prefix", listing.prefix());
    ArrayNode queues = root.putArray("queues");
    for (DlqListing.Row row : listing.queues()) {
      ObjectNode node = queues.addObject();
      node.put("queue", row.queue().name());
      node.put("name", row.name());
      node.put("kind", row.queue().kind().wireName());
      node.put("source", row.queue().source());
      node.put("sourceName", row.sourceName());
      node.put("waiting", row.waiting());
      node.put("inFlight", row.inFlight());
    }
    root.put("lookedInto", listing.lookedInto());
    ArrayNode messages = root.putArray("messages");
    for (PeekedMessage m : listing.messages()) {
      ObjectNode node = messages.addObject();
      node.put("messageId", m.messageId());
      node.put("sentAt", m.sentAt() == null ? null : m.sentAt().toString());
      node.put("receiveCount", m.receiveCount());
      node.put("parkedReason", m.parkedReason());
      node.put("parkedFrom", m.parkedFrom());
      node.put("type", m.type());
      node.put("dataset", m.dataset());
      node.put("batchId", m.batchId());
      node.put("bodyExcerpt", m.bodyExcerpt());
    }
    return root;
  }
}
