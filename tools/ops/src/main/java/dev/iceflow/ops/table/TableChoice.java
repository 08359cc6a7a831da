package dev.iceflow.ops.table;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Option;

/** Which table a command acts on (an exclusive picocli group): a dataset's, or one named. */
public final class TableChoice {

  @Option(
      names = "--dataset",
      paramLabel = "DATASET",
      required = true,
      description = "A data contract's name: its table (e.g. flights).")
  String dataset;

  @Option(
      names = "--table",
      paramLabel = "NAMESPACE.NAME",
      required = true,
      description = "The table by name, e.g. flights.flights.")
  String table;

  /**
   * The table's qualified name, as the commit stage keys its ledger by.
   *
   * @throws IllegalArgumentException when the dataset or the name is unknown or malformed
   */
  public String qualifiedName(Contracts contracts) {
    if (dataset != null) {
      DataContract contract =
          contracts
              .dataset(dataset)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--dataset %s names no data contract (known: %s)"
                              .formatted(
                                  dataset, String.join(", ", contracts.datasets().keySet()))));
      return contract.table().qualifiedName();
    }
    if (!table.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "--table %s: give namespace.name, e.g. flights.flights".formatted(table));
    }
    return table;
  }

  public static TableIdentifier identifier(String qualifiedName) {
    return TableIdentifier.parse(qualifiedName);
  }
}
