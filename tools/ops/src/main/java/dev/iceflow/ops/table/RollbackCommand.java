package dev.iceflow.ops.table;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.iceberg.ledger.BatchLedger.ReleaseOutcome;
import dev.iceflow.iceberg.ledger.BatchLedger.Released;
import dev.iceflow.ops.OpsFailure;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ops table rollback}: sets a table back to an earlier snapshot of its current history,
 * after saying which batches that undoes, and releases those batches in the commit stage's
 * idempotency ledger so that the ledger keeps saying only what the table holds.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Rolls a table back to a snapshot of its current history (ops table history lists them).",
      "First lists what that undoes: the snapshots after it and the batches they committed. Without"
          + " --yes it stops there.",
      "With --yes: releases the undone batches' entries in the commit stage's idempotency ledger"
          + " (<prefix>-idempotency), then moves the table's main branch back in one"
          + " compare-and-swap; if anything committed since the listing, nothing is rolled back and"
          + " the entries are restored. A released batch redelivered later is committed again"
          + " instead of being dropped as already committed: re-publish the batches you want back,"
          + " and keep upstream from resending the ones you do not.",
      "Pause commit first (ops pause --function commit) on a busy table, so the swap is not raced."
    },
    footer = {
      "",
      "Exit codes: 0 rolled back (or nothing to undo), 2 refused (not an ancestor, no --yes, bad"
          + " arguments), 1 failed (one line on stderr)."
    })
public final class RollbackCommand extends TableTarget implements Callable<Integer> {

  /** The rollback was refused: the snapshot is not an ancestor, or --yes was not given. */
  public static final int REFUSED_EXIT_CODE = 2;

  @Option(
      names = "--to-snapshot",
      paramLabel = "SNAPSHOT_ID",
      required = true,
      description = "The snapshot to make current again: an ancestor of the current one.")
  long target;

  @Option(
      names = "--yes",
      description = "Roll back, undoing the batches listed (without it, only list them).")
  boolean yes;

  @Option(
      names = "--idempotency-table",
      paramLabel = "NAME",
      description = "The commit stage's idempotency ledger (default: <prefix>-idempotency).")
  String idempotencyTable;

  private final Clock clock;

  public RollbackCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    String name = qualifiedName(Contracts.packaged());
    String ledgerTable = ledgerTable();
    PrintWriter out = spec.commandLine().getOut();
    try (OpenTable table = open(name)) {
      TableMetadata planned = table.operations().current();
      RollbackPlan.Result result = RollbackPlan.of(name, planned, target);
      if (result.refusal().isPresent()) {
        spec.commandLine().getErr().println("Refused: " + result.refusal().get());
        return REFUSED_EXIT_CODE;
      }
      RollbackPlan plan = result.plan().orElseThrow();
      if (plan.undone().isEmpty()) {
        out.printf("%s is at snapshot %d already: nothing to undo.%n", name, target);
        return 0;
      }
      RollbackReport.printPlan(plan, out);
      if (!yes) {
        out.printf(
            "%nNot rolled back: repeat with --yes to undo the %d batch(es) above and release them"
                + " in the idempotency ledger %s.%n",
            plan.undoneBatchIds().size(), ledgerTable);
        return REFUSED_EXIT_CODE;
      }
      try (DynamoDbClient dynamo = aws.configure(DynamoDbClient.builder()).build()) {
        // ops writes no entry: the ledger's time to live is the commit stage's business
        BatchLedger ledger = new BatchLedger(dynamo, ledgerTable, Duration.ZERO, clock);
        List<Released> released = release(ledger, plan);
        rollBack(table, planned, plan, ledger, released);
        RollbackReport.printDone(plan, ledgerTable, released, out);
      }
      return 0;
    }
  }

  private List<Released> release(BatchLedger ledger, RollbackPlan plan) {
    List<Released> released = new ArrayList<>();
    try {
      for (SnapshotRow snapshot : plan.undone()) {
        for (String batchId : snapshot.batchIds()) {
          released.add(
              ledger.release(plan.table(), batchId, snapshot.commitId(), snapshot.snapshotId()));
        }
      }
      return released;
    } catch (SdkException e) {
      restore(ledger, released);
      throw new OpsFailure(
          "cannot release the undone batches in the idempotency ledger; nothing rolled back", e);
    }
  }

  /** The swap; on a known failure the released entries go back, on an unknown one they stay. */
  private static void rollBack(
      OpenTable table,
      TableMetadata planned,
      RollbackPlan plan,
      BatchLedger ledger,
      List<Released> released) {
    try {
      RollbackCommit.commit(table.operations(), planned, plan.target());
    } catch (CommitFailedException e) {
      restore(ledger, released);
      throw new OpsFailure(
          "%s changed since it was listed (another commit landed): nothing rolled back, ledger entries restored; run the command again to see the new list"
              .formatted(plan.table()),
          e);
    } catch (CommitStateUnknownException e) {
      throw new OpsFailure(
          "the catalog did not say whether %s was rolled back to %d; the undone batches' ledger entries stay released. Check ops table history: if the current snapshot is still %d, run the rollback again"
              .formatted(plan.table(), plan.target(), plan.current()),
          e);
    }
  }

  private static void restore(BatchLedger ledger, List<Released> released) {
    for (Released entry : released) {
      if (entry.outcome() == ReleaseOutcome.RELEASED) {
        ledger.restore(entry);
      }
    }
  }

  private String ledgerTable() {
    if (idempotencyTable != null) {
      return idempotencyTable;
    }
    return prefix()
        .map(p -> p + "-" + Ledgers.IDEMPOTENCY)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "give --prefix or --idempotency-table: the undone batches are released in the"
                        + " commit stage's idempotency ledger"));
  }
}
