package dev.iceflow.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;

/**
 * A partition as table.compacted's {@code partition} holds it: field name to the value Iceberg
 * keeps internally (the source value for identity transforms, the ordinal for day/month/...).
 */
final class PartitionTuples {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PartitionTuples() {}

  static Map<String, JsonNode> of(PartitionSpec spec, StructLike partition) {
    List<PartitionField> fields = spec.fields();
    Map<String, JsonNode> tuple = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      tuple.put(fields.get(i).name(), json(partition.get(i, Object.class)));
    }
    return Collections.unmodifiableMap(tuple);
  }

  private static JsonNode json(Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof Integer i) {
      return JSON.numberNode(i);
    }
    if (value instanceof Long l) {
      return JSON.numberNode(l);
    }
    if (value instanceof Float f) {
      return JSON.numberNode(f);
    }
    if (value instanceof Double d) {
      return JSON.numberNode(d);
    }
    if (value instanceof BigDecimal d) {
      return JSON.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    if (value instanceof ByteBuffer bytes) {
      // binary and fixed partition values: the schema allows no bytes, so base64 text
      ByteBuffer copy = bytes.duplicate();
      byte[] raw = new byte[copy.remaining()];
      copy.get(raw);
      return JSON.textNode(Base64.getEncoder().encodeToString(raw));
    }
    return JSON.textNode(value.toString()); // strings (CharSequence), UUIDs
  }
}
