package dev.iceflow.iceberg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.dataset.ColumnSpec;
import dev.iceflow.contracts.dataset.PartitionFieldSpec;
import dev.iceflow.contracts.dataset.SortFieldSpec;
import dev.iceflow.contracts.dataset.TableSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Turns a data contract's table section into Iceberg objects. The contract is rendered into
 * Iceberg's own JSON forms (table-metadata spec) and read back with Iceberg's parsers, so types and
 * transforms mean exactly what they mean to Iceberg.
 */
public final class ContractTables {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Iceberg assigns partition field ids from 1000 upwards. */
  private static final int FIRST_PARTITION_FIELD_ID = 1000;

  private static final String IDENTITY = "identity";

  private ContractTables() {}

  public static TableIdentifier identifier(TableSpec table) {
    return TableIdentifier.of(Namespace.of(table.namespace()), table.name());
  }

  public static Schema schema(TableSpec table) {
    ObjectNode struct = JSON.createObjectNode().put("type", "struct").put("schema-id", 0);
    ArrayNode fields = struct.putArray("fields");
    for (ColumnSpec column : table.schema()) {
      fields
          .addObject()
          .put("id", column.id())
          .put("name", column.name())
          .put("required", column.required())
          .put("type", column.type())
          .put("doc", column.doc());
    }
    return SchemaParser.fromJson(struct.toString());
  }

  public static PartitionSpec partitionSpec(TableSpec table, Schema schema) {
    ObjectNode spec = JSON.createObjectNode().put("spec-id", 0);
    ArrayNode fields = spec.putArray("fields");
    int fieldId = FIRST_PARTITION_FIELD_ID;
    for (PartitionFieldSpec field : table.partitionSpec()) {
      fields
          .addObject()
          .put("name", field.name())
          .put("transform", field.transform())
          .put("source-id", columnId(schema, field.sourceColumn()))
          .put("field-id", fieldId++);
    }
    return PartitionSpecParser.fromJson(schema, spec.toString());
  }

  public static SortOrder sortOrder(TableSpec table, Schema schema) {
    if (table.sortOrder().isEmpty()) {
      return SortOrder.unsorted();
    }
    ObjectNode order = JSON.createObjectNode().put("order-id", 1);
    ArrayNode fields = order.putArray("fields");
    for (SortFieldSpec field : table.sortOrder()) {
      fields
          .addObject()
          .put("transform", IDENTITY)
          .put("source-id", columnId(schema, field.column()))
          .put("direction", field.direction().name())
          .put(
              "null-order",
              field.nullOrder() == SortFieldSpec.NullOrder.NULLS_FIRST
                  ? "nulls-first"
                  : "nulls-last");
    }
    return SortOrderParser.fromJson(schema, order.toString());
  }

  /** The contract's table properties plus the format version. */
  public static Map<String, String> properties(TableSpec table) {
    Map<String, String> properties = new HashMap<>(table.properties());
    properties.put(TableProperties.FORMAT_VERSION, Integer.toString(table.formatVersion()));
    return properties;
  }

  private static int columnId(Schema schema, String column) {
    var field = schema.findField(column);
    if (field == null) {
      throw new IllegalArgumentException("table has no column '%s'".formatted(column));
    }
    return field.fieldId();
  }
}
