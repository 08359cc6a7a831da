package dev.iceflow.common.reference;

import dev.iceflow.contracts.message.payload.ObjectVersion;
import java.util.Map;
import java.util.Optional;

/** A reference table keyed by one column (e.g. airports by IATA code), as of one object version. */
public record ReferenceTable(ObjectVersion version, Map<String, Map<String, String>> rowsByKey) {

  /** A table not read from S3 (tests, benchmarks), known by an ETag only. */
  public ReferenceTable(String eTag, Map<String, Map<String, String>> rowsByKey) {
    this(new ObjectVersion(null, eTag), rowsByKey);
  }

  public String eTag() {
    return version.eTag();
  }

  public boolean contains(String key) {
    return rowsByKey.containsKey(key);
  }

  public Optional<Map<String, String>> row(String key) {
    return Optional.ofNullable(rowsByKey.get(key));
  }

  public int size() {
    return rowsByKey.size();
  }
}
