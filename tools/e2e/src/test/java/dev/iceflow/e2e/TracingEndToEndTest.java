package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static dev.iceflow.e2e.Awaits.awaitQuiet;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.tracing.SpanAttributes;
import dev.iceflow.common.tracing.TraceFiles;
import dev.iceflow.common.tracing.TracingSettings;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.ops.OpsCommand;
import dev.iceflow.ops.trace.OtlpJsonSpans;
import dev.iceflow.ops.trace.TraceSpan;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The packaged functions on the local platform trace one batch as one trace: the upstream's
 * traceparent is honoured, validation, enrichment and commit each add a span that is the child of
 * the one before, the commit span names the Iceberg snapshot, and {@code ops trace} prints it. In
 * AWS the same packaged function posts its spans over OTLP/HTTP to the ADOT collector layer.
 *
 * <p>Both claims are about the same run: one platform, validation exporting to a collector as well
 * as to the run's trace files, and one batch through every stage.
 */
@WithLocalAws
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingEndToEndTest {

  /** More than the sample holds: the flights go in one batch. */
  private static final int ONE_BATCH = 100_000;

  private static final HexFormat HEX = HexFormat.of();

  private static final List<String> STAGES = List.of("validation", "enrichment", "commit");

  private static final TableIdentifier FLIGHTS =
      ContractTables.identifier(Contracts.packaged().dataset("flights").orElseThrow().table());

  private final List<String> collectorRequests = new CopyOnWriteArrayList<>();
  private final String traceId = randomHex(16);
  private final String upstreamSpanId = randomHex(8);
  private final Ledger ledger = Ledger.flights(ONE_BATCH);
  private final String batchId = ledger.batchIds.get(0);
  private HttpServer collector;
  private LocalPlatform platform;

  @BeforeAll
  void publishOneTracedBatchThroughEveryStage(LocalAws aws) throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          collectorRequests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  // protobuf keeps strings as they are
                  + new String(
                      exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    Fixtures.uploadAirports(aws);
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    platform =
        LocalPlatform.start(
            aws,
            ProjectLayout.discover(),
            List.of("validation", "enrichment", "commit"),
            PlatformOptions.defaults()
                .withEnvironment("validation", TracingSettings.OTLP_ENDPOINT, endpoint));
    try (SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3()) {
      Catalog catalog = aws.openCatalog();
      Pipeline.publisher(aws, sns)
          .publish("ingest", withTraceparent(ledger.ingests.get(0), traceId, upstreamSpanId));
      await(
          () -> {
            if (!catalog.tableExists(FLIGHTS)) {
              return false; // the first commit creates it
            }
            var r = ledger.reconcile(aws, catalog, s3);
            return r.rows() + r.quarantined() >= ledger.published;
          },
          "the batch committed and quarantined");
      awaitQuiet(sqs, Pipeline.queuesOf(aws, "validation", "enrichment", "commit"));
    }
  }

  @AfterAll
  void stopPlatformAndCollector() {
    if (platform != null) {
      platform.close();
    }
    if (collector != null) {
      collector.stop(0);
    }
  }

  @Test
  void oneBatchIsOneTrace_fromTheUpstreamPublishThroughEveryStageToItsSnapshot(LocalAws aws)
      throws Exception {
    // each function's span processor writes in the background: wait for the three spans
    List<TraceSpan> spans = new ArrayList<>();
    await(
        () -> {
          spans.clear();
          spans.addAll(spansOfTheBatch(aws));
          return STAGES.stream().allMatch(stage -> spans.stream().anyMatch(s -> isOf(s, stage)));
        },
        "spans of validation, enrichment and commit in the run's trace files");
    TraceSpan validation = only(spans, "validation");
    TraceSpan enrichment = only(spans, "enrichment");
    TraceSpan commit = only(spans, "commit");
    assertThat(List.of(validation, enrichment, commit))
        .extracting(TraceSpan::traceId)
        .containsOnly(traceId);
    assertThat(validation.parentSpanId()).as("validation's parent").isEqualTo(upstreamSpanId);
    assertThat(enrichment.parentSpanId()).as("enrichment's parent").isEqualTo(validation.spanId());
    assertThat(commit.parentSpanId()).as("commit's parent").isEqualTo(enrichment.spanId());
    assertThat(validation.attributes())
        .containsEntry(SpanAttributes.RECORDS_IN.getKey(), Integer.toString(ledger.published))
        .containsEntry(SpanAttributes.RECORDS_REJECTED.getKey(), Integer.toString(ledger.broken));

    long snapshotId = Long.parseLong(commit.attributes().get(SpanAttributes.SNAPSHOT_ID.getKey()));
    Table table = aws.openCatalog().loadTable(FLIGHTS);
    assertThat(table.snapshot(snapshotId)).as("the commit span's snapshot").isNotNull();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine ops = OpsCommand.commandLine(Clock.systemUTC());
    ops.setOut(new PrintWriter(out, true));
    ops.setErr(new PrintWriter(err, true));
    int exitCode = ops.execute("trace", batchId, "--run-dir", aws.runDirectory().toString());
    System.out.println(out);
    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("trace " + traceId)
        .contains("validation", "enrichment", "commit")
        .contains("snapshot=" + snapshotId);
  }

  @Test
  void thePackagedFunctionPostsItsSpansOverOtlpHttp_asToTheCollectorLayer() throws Exception {
    await(
        () -> collectorRequests.stream().anyMatch(r -> r.contains(batchId)),
        "validation's span of the batch posted to the collector");
    assertThat(
            collectorRequests.stream().filter(r -> r.contains(batchId)).findFirst().orElseThrow())
        .startsWith("POST /v1/traces application/x-protobuf ");
  }

  private List<TraceSpan> spansOfTheBatch(LocalAws aws) throws IOException {
    return OtlpJsonSpans.read(TraceFiles.in(aws.runDirectory())).stream()
        .filter(s -> batchId.equals(s.attributes().get(SpanAttributes.BATCH_ID.getKey())))
        .toList();
  }

  private static boolean isOf(TraceSpan span, String stage) {
    return span.name().equals(stage);
  }

  private static TraceSpan only(List<TraceSpan> spans, String stage) {
    List<TraceSpan> ofStage = spans.stream().filter(s -> isOf(s, stage)).toList();
    assertThat(ofStage).as("%s spans of the batch", stage).hasSize(1);
    return ofStage.get(0);
  }

  private static Envelope withTraceparent(Envelope e, String traceId, String spanId) {
    return new Envelope(
        e.id(),
        e.type(),
        e.version(),
        e.source(),
        e.time(),
        e.dataset(),
        e.correlationId(),
        "00-%s-%s-01".formatted(traceId, spanId),
        null,
        e.dataschema(),
        e.data());
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HEX.formatHex(b);
  }
}
