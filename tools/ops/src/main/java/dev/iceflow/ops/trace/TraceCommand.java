package dev.iceflow.ops.trace;

import dev.iceflow.common.tracing.TraceFiles;
import dev.iceflow.ops.OpsFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
          + " (<run>/traces/*.otlp.jsonl; bin/demo and the local platform print the run folder).",
      "AWS: not built yet. The spans are in X-Ray (the ADOT collector layer exports them, with"
          + " iceflow.batch_id indexed as the annotation iceflow_batch_id): search the X-Ray"
          + " console for annotation.iceflow_batch_id = \"<batch-id>\"."
    },
    footer = {
      "",
      "Exit codes: 0 printed, 1 no span for the batch or the traces cannot be read (one line on"
          + " stderr), 2 bad arguments."
    })
public final class TraceCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "BATCH_ID", description = "The batch's id (batchId).")
  String batchId;

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      required = true,
      description = "Run folder of the local platform whose traces to read.")
  Path runDirectory;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (batchId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "BATCH_ID must not be blank");
    }
    if (!Files.isDirectory(runDirectory)) {
      throw new ParameterException(
          spec.commandLine(), "--run-dir " + runDirectory + " is not a directory");
    }
    List<TraceTree> traces = TraceTree.ofBatch(localSpans(), batchId);
    if (traces.isEmpty()) {
      throw new OpsFailure(
          "no span of batch %s in %s".formatted(batchId, runDirectory.resolve("traces")));
    }
    new WaterfallRenderer().render(batchId, traces, spec.commandLine().getOut());
    return 0;
  }

  private List<TraceSpan> localSpans() {
    try {
      return OtlpJsonSpans.read(TraceFiles.in(runDirectory));
    } catch (IOException | UncheckedIOException e) {
      throw new OpsFailure("cannot read the traces in " + runDirectory, e);
    }
  }
}
