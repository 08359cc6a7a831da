package dev.iceflow.compaction;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.compaction.maintenance.OrphanFiles;
import dev.iceflow.compaction.maintenance.SnapshotExpiry;
import dev.iceflow.compaction.rewrite.RewriteRunnerFactory;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Ledgers;
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
      CompactionConfig config, Contracts contracts, IceflowConfig iceflow, DynamoDbClient dynamo) {
    Clock clock = Clock.systemUTC();
    BatchLedger ledger =
        new BatchLedger(
            dynamo, requireLedger(iceflow), Duration.ofDays(config.ledgerTtlDays()), clock);
    SnapshotExpiry expiry = new SnapshotExpiry(ledger, clock);
    OrphanFiles orphans = new OrphanFiles(clock);
    return new TableMaintenance(
        new DataFileCompaction(config, RewriteRunnerFactory.GENERIC),
        new ManifestCompaction(),
        expiry::expire,
        orphans::sweep,
        contracts.topology().longestWaitBeforeCommit(),
        config.orphanDryRun(),
        clock);
  }

  private static String requireLedger(IceflowConfig config) {
    String table = config.ledgers().get(Ledgers.IDEMPOTENCY);
    if (table == null || table.isBlank()) {
      throw new IllegalStateException(
          "no idempotency ledger configured (set iceflow.ledgers.%s / ICEFLOW_LEDGERS_%s)"
              .formatted(Ledgers.IDEMPOTENCY, Ledgers.IDEMPOTENCY.toUpperCase()));
    }
    return table;
  }
}
