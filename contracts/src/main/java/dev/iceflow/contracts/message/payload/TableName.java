package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** An Iceberg table's identifier in the catalog ({@code $defs/table}). */
public record TableName(String namespace, String name) {

  /** {@code namespace.name}, e.g. the FIFO message group of the table's commits. */
  @JsonIgnore
  public String qualifiedName() {
    return namespace + "." + name;
  }
}
