package dev.iceflow.bench;

import picocli.CommandLine.Option;

/** Records per ingest.batch message (a picocli mixin of the benchmarks that publish batches). */
public final class IngestBatchSize {

  @Option(
      names = "--batch",
      defaultValue = "500",
      description =
          "records per ingest.batch message, as the demo publishes (default: ${DEFAULT-VALUE})")
  int records;

  public int records() {
    return records;
  }
}
