package dev.iceflow.common.reference;

import java.util.Map;
import java.util.Optional;

/** A reference table keyed by one column (e.g. airports by IATA code), as of one object version. */
public record ReferenceTable(String eTag, Map<String, Map<String, String>> rowsByKey) {

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
