package dev.iceflow.ops.trace;

import dev.iceflow.common.tracing.TraceFiles;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.LocalRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.xray.XRayClient;

/** {@code ops trace <batch-id>}: one batch's way through the pipeline, as a span waterfall. */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the trace of one batch as a waterfall: every span of each trace that holds a span"
          + " with the batch's id (iceflow.batch_id), from validation through enrichment and"
          + " commit to the Iceberg snapshot (and compaction, cost-guard), each with its start"
          + " offset, duration, a bar on the trace's time scale, and its records, files and"
          + " snapshot id.",
      "Local platform: reads the OTLP JSON lines the functions wrote under the run folder"
          + " (<run>/traces/*.otlp.jsonl; bin/demo and the local platform print the run folder):"
          + " --run-dir or $ICEFLOW_RUN_DIR, else with --endpoint-url the newest run.",
      "AWS (no run folder): X-Ray, where the ADOT collector layer sends the spans with the"
          + " batch id indexed as the annotation iceflow_batch_id (terraform lambda-service,"
          + " adot_collector_layer_arn): GetTraceSummaries with annotation.iceflow_batch_id ="
          + " \"<batch-id>\" over --since, then BatchGetTraces. This path is not tested against"
          + " X-Ray itself (the embedded AWS implements no filter expressions)."
    },
    footer = {
      "",
      "Exit codes: 0 printed, 1 no span for the batch or the traces cannot be read (one line on"
          + " stderr), 2 bad arguments."
    })
public final class TraceCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "BATCH_ID", description = "The batch's id (batchId).")
  String batchId;

  @Mixin LocalRun run;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "PT6H",
      description =
          "X-Ray: how far back the batch's traces may start (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration since;

  @Mixin AwsTarget aws;

  @Spec CommandSpec spec;

  private final Clock clock;

  public TraceCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    if (batchId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "BATCH_ID must not be blank");
    }
    Path runDirectory = run.folder(aws).orElse(null);
    if (runDirectory != null && !Files.isDirectory(runDirectory)) {
      throw new ParameterException(
          spec.commandLine(), "--run-dir " + runDirectory + " is not a directory");
    }
    if (since.isNegative() || since.isZero()) {
      throw new ParameterException(spec.commandLine(), "--since must be positive");
    }
    List<TraceSpan> spans = runDirectory == null ? xraySpans() : localSpans(runDirectory);
    List<TraceTree> traces = TraceTree.ofBatch(spans, batchId);
    if (traces.isEmpty()) {
      throw new OpsFailure(
          "no span of batch %s in %s"
              .formatted(
                  batchId,
                  runDirectory == null
                      ? "X-Ray (" + aws.region() + ", last " + since + ")"
                      : runDirectory.resolve("traces")));
    }
    new WaterfallRenderer().render(batchId, traces, spec.commandLine().getOut());
    return 0;
  }

  private List<TraceSpan> xraySpans() {
    Instant now = clock.instant();
    try (XRayClient xray = aws.configure(XRayClient.builder()).build()) {
      return new XRayTraces(xray).ofBatch(batchId, now.minus(since), now);
    } catch (SdkException e) {
      throw new OpsFailure("cannot read X-Ray traces in " + aws.region(), e);
    }
  }

  private List<TraceSpan> localSpans(Path runDirectory) {
    try {
      return OtlpJsonSpans.read(TraceFiles.in(runDirectory));
    } catch (IOException | UncheckedIOException e) {
      throw new OpsFailure("cannot read the traces in " + runDirectory, e);
    }
  }
}
