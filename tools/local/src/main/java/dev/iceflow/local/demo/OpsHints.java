package dev.iceflow.local.demo;

import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.local.emulator.LocalAws;
import java.net.URI;

/**
 * The on-call CLI's commands (tools/ops, {@code bin/ops}) against this emulator, copy-pasteable.
 * The emulator's region is bin/ops' default, so no {@code --region}.
 */
public final class OpsHints {

  private OpsHints() {}

  /** The full cost report: fixed costs, Firehose and the break-even table. */
  public static String costReport(LocalAws aws) {
    return "bin/ops cost report --endpoint-url %s --ledger-table %s"
        .formatted(aws.endpoint(), aws.provisioned().ledger(Ledgers.COST));
  }

  /**
   * Pausing validation: published to the events topic on the emulator, applied by cost-guard
   * through the platform's Lambda API, where ops watches the event source mapping.
   */
  public static String pauseValidation(LocalAws aws, URI lambdaEndpoint) {
    return "bin/ops pause --function validation --reason \"trying ops pause\" --prefix %s --endpoint-url %s --lambda-endpoint-url %s"
        .formatted(aws.provisioned().names().prefix(), aws.endpoint(), lambdaEndpoint);
  }

  /** The resume that lifts {@link #pauseValidation}'s hold. */
  public static String resumeValidation(LocalAws aws, URI lambdaEndpoint) {
    return "bin/ops resume --function validation --reason \"done trying\" --prefix %s --endpoint-url %s --lambda-endpoint-url %s"
        .formatted(aws.provisioned().names().prefix(), aws.endpoint(), lambdaEndpoint);
  }

  /** The status board: queues, mappings, holds, and each table's last snapshot and freshness. */
  public static String status(LocalAws aws, URI lambdaEndpoint) {
    return "bin/ops status --prefix %s --endpoint-url %s --lambda-endpoint-url %s --catalog-uri %s"
        .formatted(
            aws.provisioned().names().prefix(),
            aws.endpoint(),
            lambdaEndpoint,
            aws.catalogJdbcUri());
  }

  /** The flights table's snapshots and the batches each committed. */
  public static String tableHistory(LocalAws aws) {
    return "bin/ops table history --dataset flights --endpoint-url %s --catalog-uri %s"
        .formatted(aws.endpoint(), aws.catalogJdbcUri());
  }

  /** The compaction sweep, now. */
  public static String compactNow(LocalAws aws) {
    return "bin/ops compact now --dataset flights --prefix %s --endpoint-url %s --catalog-uri %s"
        .formatted(aws.provisioned().names().prefix(), aws.endpoint(), aws.catalogJdbcUri());
  }
}
