package dev.iceflow.compaction.maintenance;

import java.util.Map;
import java.util.Objects;

/**
 * A file's location split as Iceberg's orphan-file removal compares them (DeleteOrphanFiles):
 * scheme, authority (the bucket) and path, each compared on its own, so {@code s3a://b/t/f} and
 * {@code s3://b/t/f} are the same file while {@code s3://other/t/f} is not. Repeated and trailing
 * slashes do not count. Parsed by hand rather than with {@link java.net.URI}, which refuses
 * characters S3 keys may hold.
 */
record FileLocation(String scheme, String authority, String path) {

  /** Schemes that name the same store: Iceberg's default {@code equalSchemes} (s3a, s3n = s3). */
  private static final Map<String, String> EQUAL_SCHEMES = Map.of("s3a", "s3", "s3n", "s3");

  private static final String AUTHORITY_MARK = "//";

  static FileLocation parse(String location) {
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    String scheme = null;
    String rest = location;
    if (colon > 0 && (slash < 0 || colon < slash)) {
      scheme = location.substring(0, colon).toLowerCase();
      rest = location.substring(colon + 1);
    }
    String authority = null;
    if (scheme != null && rest.startsWith(AUTHORITY_MARK)) {
      int pathStart = rest.indexOf('/', AUTHORITY_MARK.length());
      authority =
          rest.substring(AUTHORITY_MARK.length(), pathStart < 0 ? rest.length() : pathStart);
      rest = pathStart < 0 ? "" : rest.substring(pathStart);
    }
    return new FileLocation(
        scheme == null ? null : EQUAL_SCHEMES.getOrDefault(scheme, scheme),
        authority,
        normalised(rest));
  }

  /** Same scheme (up to equal schemes) and same authority: the same store and bucket. */
  boolean sameStore(FileLocation other) {
    return Objects.equals(scheme, other.scheme) && Objects.equals(authority, other.authority);
  }

  private static String normalised(String path) {
    String single = path.replaceAll("/{2,}", "/");
    return single.length() > 1 && single.endsWith("/")
        ? single.substring(0, single.length() - 1)
        : single;
  }
}
