package dev.iceflow.common.cdi;

import java.util.Map;

/** Resolves the topology's logical bucket names to the bucket names of one deployment. */
public final class BucketDirectory {

  private final Map<String, String> namesByLogical;

  public BucketDirectory(Map<String, String> namesByLogical) {
    this.namesByLogical = Map.copyOf(namesByLogical);
  }

  public String name(String logical) {
    String name = namesByLogical.get(logical);
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(
          "no bucket configured for '%s' (set iceflow.buckets.%s; known: %s)"
              .formatted(logical, logical, namesByLogical.keySet()));
    }
    return name;
  }
}
