package dev.iceflow.contracts.dataset;

import java.util.List;
import java.util.Map;

/** The Iceberg table of a dataset: schema with field ids, partitioning, sort order, properties. */
public record TableSpec(
    String namespace,
    String name,
    int formatVersion,
    List<ColumnSpec> schema,
    List<PartitionFieldSpec> partitionSpec,
    List<SortFieldSpec> sortOrder,
    Map<String, String> properties) {

  public String qualifiedName() {
    return namespace + "." + name;
  }
}
