package dev.iceflow.contracts.dataset;

/**
 * A partition field: an Iceberg transform (identity, year, month, day, hour, bucket[N],
 * truncate[W]) of a source column. Hidden partitioning: queries filter on the source column.
 */
public record PartitionFieldSpec(String sourceColumn, String transform, String name) {}
