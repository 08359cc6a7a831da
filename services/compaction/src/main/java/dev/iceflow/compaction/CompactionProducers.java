package dev.iceflow.compaction;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.faults.FaultPoints;
import dev.iceflow.compaction.maintenance.OrphanFiles;
import dev.iceflow.compaction.maintenance.SnapshotExpiry;
import dev.iceflow.compaction.rewrite.RewriteRunnerFactory;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.iceberg.ledger.BatchLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires one maintenance run's steps: Iceberg's rewrites, and expiry settling the ledger first. */
@ApplicationScoped
public class CompactionProducers {

  @Produces
  @Singleton
  TableMaintenance tableMaintenance(
      CompactionConfig config,
      Contracts contracts,
      IceflowConfig iceflow,
      DynamoDbClient dynamo,
      FaultPoints faults) {
    Clock clock = Clock.systemUTC();
    BatchLedger ledger =
        new BatchLedger(
            dynamo,
            BatchLedger.configuredTable(iceflow),
            Duration.ofDays(config.ledgerTtlDays()),
            clock);
    SnapshotExpiry expiry = new SnapshotExpiry(ledger, clock);
    OrphanFiles orphans = new OrphanFiles(clock);
    return new TableMaintenance(
        new DataFileCompaction(
            config,
            RewriteRunnerFactory.GENERIC,
            () -> faults.hold(DataFileCompaction.BEFORE_GROUP_COMMIT)),
        new ManifestCompaction(),
        expiry::expire,
        orphans::sweep,
        contracts.topology().longestWaitBeforeCommit(),
        config.orphanDryRun(),
        clock);
  }
}
