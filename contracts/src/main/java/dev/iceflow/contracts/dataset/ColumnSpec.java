package dev.iceflow.contracts.dataset;

/**
 * A table column. {@code type} is an Iceberg primitive type name: boolean, int, long, float,
 * double, date, time, timestamp, timestamptz, string, uuid, binary, or decimal(P,S).
 */
public record ColumnSpec(int id, String name, String type, boolean required, String doc) {}
