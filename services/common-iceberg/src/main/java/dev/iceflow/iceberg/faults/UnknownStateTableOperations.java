package dev.iceflow.iceberg.faults;

import dev.iceflow.common.faults.FaultLog;
import dev.iceflow.common.faults.InjectedFaultException;
import java.util.function.Supplier;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.jboss.logging.Logger;

/**
 * A catalog's table operations whose commit may end in an unknown state, after or before applying
 * it; everything else is the catalog's. Each injection writes one line, {@code iceflow-fault:
 * commit-state-unknown <after-apply|before-apply> on <table> (...)}.
 */
final class UnknownStateTableOperations implements TableOperations {

  private static final Logger LOG = Logger.getLogger(UnknownStateTableOperations.class);

  private final TableOperations catalog;
  private final String table;
  private final Supplier<UnknownCommitState> outcomes;

  UnknownStateTableOperations(
      TableOperations catalog, String table, Supplier<UnknownCommitState> outcomes) {
    this.catalog = catalog;
    this.table = table;
    this.outcomes = outcomes;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    UnknownCommitState state = outcomes.get();
    if (state != UnknownCommitState.BEFORE_APPLY) {
      catalog.commit(base, metadata); // a real conflict still ends as one: nothing is injected
    }
    if (state == UnknownCommitState.NONE) {
      return;
    }
    String line =
        FaultLog.line(
            "commit-state-unknown %s on %s".formatted(state.label(), table),
            "the commit %s the catalog"
                .formatted(state == UnknownCommitState.AFTER_APPLY ? "reached" : "never reached"));
    LOG.warn(line);
    throw new CommitStateUnknownException(new InjectedFaultException(line));
  }

  @Override
  public TableMetadata current() {
    return catalog.current();
  }

  @Override
  public TableMetadata refresh() {
    return catalog.refresh();
  }

  @Override
  public FileIO io() {
    return catalog.io();
  }

  @Override
  public EncryptionManager encryption() {
    return catalog.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return catalog.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return catalog.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return catalog.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return catalog.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return catalog.requireStrictCleanup();
  }
}
