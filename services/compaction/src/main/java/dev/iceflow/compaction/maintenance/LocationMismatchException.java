package dev.iceflow.compaction.maintenance;

/**
 * Files under the table location that the table references under another scheme or authority (a
 * bucket alias, a copied table): whether they are orphans cannot be told, so nothing is deleted.
 * Iceberg's DeleteOrphanFiles refuses the same way by default (PrefixMismatchMode.ERROR).
 */
public class LocationMismatchException extends IllegalStateException {

  LocationMismatchException(String message) {
    super(message);
  }
}
