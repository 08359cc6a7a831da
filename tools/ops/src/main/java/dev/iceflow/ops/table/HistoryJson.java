package dev.iceflow.ops.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/** {@code ops table history --json}: field names are an interface (the command's help footer). */
final class HistoryJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private HistoryJson() {}

  static void print(TableHistory history, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(document(history)));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the history could not be written as JSON", e);
    }
  }

  static ObjectNode document(TableHistory history) {
    ObjectNode root = JSON.createObjectNode();
    root.put("table", history.table());
    root.put("currentSnapshotId", history.currentSnapshotId());
    ArrayNode snapshots = root.putArray("snapshots");
    history.snapshots().forEach(row -> snapshots.add(row(row)));
    return root;
  }

  static ObjectNode row(SnapshotRow row) {
    ObjectNode node = JSON.createObjectNode();
    node.put("snapshotId", row.snapshotId());
    node.put("parentId", row.parentId());
    node.put("committedAt", row.committedAt().toString());
    node.put("operation", row.operation());
    node.put("addedRecords", row.addedRecords());
    node.put("deletedRecords", row.deletedRecords());
    node.put("addedFiles", row.addedFiles());
    node.put("deletedFiles", row.deletedFiles());
    node.put("totalRecords", row.totalRecords());
    node.put("totalFiles", row.totalFiles());
    ArrayNode ids = node.putArray("batchIds");
    row.batchIds().forEach(ids::add);
    node.put("commitId", row.commitId());
    node.put("current", row.current());
    node.put("inCurrentHistory", row.inCurrentHistory());
    return node;
  }
}
