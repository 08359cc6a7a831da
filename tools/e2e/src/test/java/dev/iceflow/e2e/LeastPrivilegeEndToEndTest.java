package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static dev.iceflow.e2e.Awaits.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The emulator enforces each function's generated policy, so a policy that lacks a permission fails
 * here as it would in AWS. The case of issue 15 finding 1: before the fix, enrichment's role read
 * only staging and reference, and Iceberg's loadTable reads the table's metadata.json from the
 * warehouse, so no enrichment batch could go through (in AWS each attempt retries the read until
 * the function times out, and after maxReceiveCount attempts the batch is in the DLQ). With the
 * generated policy the same batch, still being retried, goes through. Locally the metadata.json
 * read is the REST catalog server's, made with enrichment's own keys (IcebergRestServer), so the
 * emulator refuses it under enrichment's policy; the operator's reads would pass.
 */
@WithLocalAws
class LeastPrivilegeEndToEndTest {

  private static final String ENRICHMENT = "enrichment";
  private static final String WAREHOUSE = "warehouse";

  /** Iceberg retries a failed metadata read; a few refusals show it is not a passing glitch. */
  private static final int REFUSALS = 3;

  @Test
  void enrichmentWithThePolicyFromBeforeTheFixCannotOpenItsTable_andWithItsOwnPolicyItCan(
      LocalAws aws) throws Exception {
    Fixtures.uploadAirports(aws);
    // the table exists, as after the first commit: enrichment must open it, not create it
    ContractTableCreator.loadOrCreate(
        aws.openCatalog(), aws.contracts().requireDataset("flights").table());
    FunctionSpec enrichment = aws.contracts().topology().function(ENRICHMENT).orElseThrow();
    assertThat(enrichment.readsBuckets()).contains(WAREHOUSE);
    aws.replaceFunctionPolicy(
        ENRICHMENT, aws.functionPolicies().of(withoutWarehouseRead(enrichment)));

    String commitQueue = aws.provisioned().queueUrl("commit");
    String deniedMetadataRead =
        "GET /%s/iceflow/flights/metadata/".formatted(aws.provisioned().bucket(WAREHOUSE));
    try (LocalPlatform platform =
            LocalPlatform.start(
                aws,
                ProjectLayout.discover(),
                List.of("validation", ENRICHMENT),
                PlatformOptions.defaults().withMaxInstances(1));
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      Pipeline.publisher(aws, sns).publish("ingest", Ledger.flights(25).ingests.get(0));

      await(
          () -> refusals(aws, deniedMetadataRead) >= REFUSALS,
          "the emulator refusing enrichment's reads of the table metadata");
      assertThat(waiting(sqs, commitQueue)).as("nothing staged for commit").isZero();

      aws.replaceFunctionPolicy(ENRICHMENT, aws.functionPolicies().of(enrichment));
      await(() -> waiting(sqs, commitQueue) == 1, "the same batch staged for commit");
      assertThat(waiting(sqs, aws.provisioned().queueUrl(ENRICHMENT + "-dlq"))).isZero();
    }
  }

  /** How many requests starting with {@code request} the emulator answered 403. */
  private static long refusals(LocalAws aws, String request) throws java.io.IOException {
    try (var lines = Files.lines(aws.emulatorLog().orElseThrow())) {
      return lines.filter(l -> l.contains(request) && l.contains("\" 403 ")).count();
    }
  }

  /** The topology entry enrichment had before the fix: it read staging and reference only. */
  private static FunctionSpec withoutWarehouseRead(FunctionSpec f) {
    return new FunctionSpec(
        f.name(),
        f.module(),
        f.memoryMb(),
        f.timeoutSeconds(),
        f.reservedConcurrency(),
        f.consumes(),
        f.publishesTo(),
        f.sendsToQueues(),
        f.writesBuckets(),
        f.writePrefixes(),
        f.readsBuckets().stream().filter(b -> !b.equals(WAREHOUSE)).toList(),
        f.writesLedgers(),
        f.controlsFunctions(),
        f.isMetricsReader());
  }
}
