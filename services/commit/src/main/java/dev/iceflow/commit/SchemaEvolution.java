package dev.iceflow.commit;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Brings a table's schema up to its data contract's: adds the contract's new optional columns and
 * applies Iceberg's type promotions (int → long, float → double, wider decimals). Anything else is
 * refused. The changes are applied to an UpdateSchema of the commit's own transaction.
 */
final class SchemaEvolution {

  private SchemaEvolution() {}

  /** The changes needed; empty when the table already has the contract's schema. */
  static List<String> plan(Schema table, Schema contract) {
    List<String> changes = new ArrayList<>();
    int nextId = table.highestFieldId() + 1;
    for (Types.NestedField wanted : contract.columns()) {
      Types.NestedField existing = table.findField(wanted.fieldId());
      if (existing == null) {
        // Iceberg numbers added columns itself, in order: the contract must use those numbers
        if (wanted.fieldId() != nextId++) {
          throw new IncompatibleSchemaException(
              "new column '%s' has field id %d; the next free id of the table is %d"
                  .formatted(wanted.name(), wanted.fieldId(), nextId - 1));
        }
        if (table.findField(wanted.name()) != null) {
          throw new IncompatibleSchemaException(
              "column '%s' has field id %d in the contract but another id in the table"
                  .formatted(wanted.name(), wanted.fieldId()));
        }
        if (wanted.isRequired()) {
          throw new IncompatibleSchemaException(
              "the contract adds required column '%s': existing rows have no value for it"
                  .formatted(wanted.name()));
        }
        changes.add("add optional column %s %s".formatted(wanted.name(), wanted.type()));
      } else if (!existing.type().equals(wanted.type())) {
        if (!wanted.type().isPrimitiveType()
            || !TypeUtil.isPromotionAllowed(existing.type(), wanted.type().asPrimitiveType())) {
          throw new IncompatibleSchemaException(
              "column '%s' cannot change from %s to %s in place"
                  .formatted(wanted.name(), existing.type(), wanted.type()));
        }
        changes.add(
            "promote column %s from %s to %s"
                .formatted(wanted.name(), existing.type(), wanted.type()));
      }
    }
    return changes;
  }

  /** Applies {@link #plan}'s changes to {@code update} (which the caller commits). */
  static void apply(Schema table, Schema contract, UpdateSchema update) {
    for (Types.NestedField wanted : contract.columns()) {
      Types.NestedField existing = table.findField(wanted.fieldId());
      if (existing == null) {
        update.addColumn(wanted.name(), wanted.type(), wanted.doc());
      } else if (!existing.type().equals(wanted.type())) {
        update.updateColumn(existing.name(), (Type.PrimitiveType) wanted.type());
      }
    }
  }
}
