package dev.iceflow.validation.output;

/**
 * Where a batch's outputs go. Keys derive from the batch id only, so a redelivered message rewrites
 * the same objects instead of adding copies.
 */
public final class ObjectKeys {

  private ObjectKeys() {}

  public static String staged(String dataset, String batchId) {
    return "validated/%s/%s.ndjson.gz".formatted(dataset, batchId);
  }
}
