package dev.iceflow.ops.quarantine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quarantine object's key as the stages write it (common's {@code Quarantine.key}): {@code
 * <stage>/<dataset>/<batch id>.ndjson}.
 */
record QuarantineKey(String key, String stage, String dataset, String batchId) {

  private static final Pattern KEY = Pattern.compile("([^/]+)/([^/]+)/([^/]+)\\.ndjson");

  /** The key's parts, or empty for any other object (replay markers, strays). */
  static Optional<QuarantineKey> parse(String key) {
    Matcher matcher = KEY.matcher(key);
    return matcher.matches()
        ? Optional.of(new QuarantineKey(key, matcher.group(1), matcher.group(2), matcher.group(3)))
        : Optional.empty();
  }
}
