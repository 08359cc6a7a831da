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
    for (Types.NestedField wanted : contract.columns()) {
      Types.NestedField existing = table.findField(wanted.fieldId());
      if (existing == null) {
        // Iceberg numbers added columns itself: apply() checks it gives the contract's numbers
        if (wanted.fieldId() <= table.highestFieldId()) {
          throw new IncompatibleSchemaException(
              "new column '%s' has field id %d, which the table has used before (its highest is %d)"
                  .formatted(wanted.name(), wanted.fieldId(), table.highestFieldId()));
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

  /**
   * Applies {@link #plan}'s changes to {@code update} (which the caller commits), then checks that
   * Iceberg numbered every new column as the contract does. Iceberg gives a new column the table's
   * last-column-id + 1 (<a href="https://iceberg.apache.org/spec/#table-metadata-fields">the
   * highest id ever assigned</a>, dropped columns included), which can be above the highest id in
   * the current schema. The data files were written with the contract's ids, so a column numbered
   * otherwise would read them as null: refused here, before anything is committed.
   */
  static void apply(Schema table, Schema contract, UpdateSchema update) {
    List<Types.NestedField> added = new ArrayList<>();
    for (Types.NestedField wanted : contract.columns()) {
      Types.NestedField existing = table.findField(wanted.fieldId());
      if (existing == null) {
        update.addColumn(wanted.name(), wanted.type(), wanted.doc());
        added.add(wanted);
      } else if (!existing.type().equals(wanted.type())) {
        update.updateColumn(existing.name(), (Type.PrimitiveType) wanted.type());
      }
    }
    Schema evolved = update.apply();
    for (Types.NestedField wanted : added) {
      int assigned = evolved.findField(wanted.name()).fieldId();
      if (assigned != wanted.fieldId()) {
        throw new IncompatibleSchemaException(
            ("the contract numbers new column '%s' %d, and Iceberg would number it %d (one above"
                    + " the table's last-column-id, which counts dropped columns too): data files"
                    + " written with %d would not be read as '%s'; give it %d")
                .formatted(
                    wanted.name(),
                    wanted.fieldId(),
                    assigned,
                    wanted.fieldId(),
                    wanted.name(),
                    assigned));
      }
    }
  }
}
