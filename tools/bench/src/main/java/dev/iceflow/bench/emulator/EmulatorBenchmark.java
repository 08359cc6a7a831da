package dev.iceflow.bench.emulator;

import dev.iceflow.bench.FlightsData;
import dev.iceflow.bench.IngestBatchSize;
import dev.iceflow.bench.IngestBatchSource;
import dev.iceflow.bench.report.BenchResult;
import dev.iceflow.bench.report.ResultRecorder;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The emulator's own ceiling, beside the pipeline's figures: a freshly started embedded AWS,
 * provisioned from the topology, with no function running. SNS publish → SQS receive + delete
 * through the real ingest subscription at the demo's batch size, then S3 put and get of staged-file
 * sizes.
 */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description =
        "Measures the embedded AWS's bare rates: SNS publish -> SQS receive+delete (messages/s, records/s) and S3 put/get (objects/s, MB/s).")
public final class EmulatorBenchmark implements Callable<Integer> {

  private static final int KIB = 1024;

  @Mixin FlightsData data;

  @Mixin IngestBatchSize batch;

  @Option(
      names = "--duration",
      defaultValue = "10",
      description = "seconds each rate is measured for (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--publishers",
      defaultValue = "2",
      description = "threads publishing to SNS at once (default: ${DEFAULT-VALUE})")
  int publishers;

  @Option(
      names = "--s3-threads",
      defaultValue = "2",
      description = "threads putting or getting at once (default: ${DEFAULT-VALUE})")
  int s3Threads;

  @Option(
      names = "--object-kb",
      split = ",",
      defaultValue = "16,128",
      description =
          "object sizes in KiB: a staged Parquet file of a 500-record batch is ~15 KiB, a claim-checked batch of valid records ~100 KiB (default: ${DEFAULT-VALUE})")
  List<Integer> objectKib;

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    System.exit(new CommandLine(new EmulatorBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ResultRecorder result =
        new ResultRecorder("emulator", "The emulator's own ceiling (no pipeline code)");
    Duration window = Duration.ofSeconds(seconds);
    System.out.println("emulator: starting a fresh embedded AWS (moto server) ...");
    try (LocalAws aws = LocalAws.start(ProjectLayout.discover())) {
      IngestBatchSource batches = IngestBatchSource.of(data.flights(), batch.records());
      MessagePathCeiling.Rates messages =
          MessagePathCeiling.measure(
              aws, batches.batch("ceiling", 0, Instant.now()), batch.records(), publishers, window);
      report(result, messages);
      List<S3Ceiling.Rates> s3 = new ArrayList<>();
      for (int kib : objectKib) {
        S3Ceiling.Rates rates = S3Ceiling.measure(aws, kib * KIB, s3Threads, window);
        report(result, rates);
        s3.add(rates);
      }
      chart(result, s3);
    }
    result.write();
    return 0;
  }

  private void report(ResultRecorder result, MessagePathCeiling.Rates r) {
    System.out.printf(
        "SNS publish -> SQS receive+delete: %,.1f messages/s = %,.0f records/s delivered (%,.1f published/s from %d threads; %d-record messages of %,d bytes)%n",
        r.deliveredPerSecond(),
        r.deliveredRecordsPerSecond(),
        r.publishedPerSecond(),
        publishers,
        r.recordsPerMessage(),
        r.bodyBytes());
    String note =
        "ingest topic -> validation-ingest subscription, %d publisher threads, 1 consumer, %d-record messages of %,d bytes"
            .formatted(publishers, r.recordsPerMessage(), r.bodyBytes());
    result
        .figure("message path: delivered", r.deliveredPerSecond(), "messages/s", note)
        .figure(
            "message path: delivered records",
            r.deliveredRecordsPerSecond(),
            "records/s",
            "the ceiling the steady benchmark's throughput is read against")
        .figure(
            "message path: published", r.publishedPerSecond(), "messages/s", "SNS Publish calls");
  }

  private void report(ResultRecorder result, S3Ceiling.Rates r) {
    int kib = r.objectBytes() / KIB;
    System.out.printf(
        "S3 %,d KiB objects: put %,.1f objects/s (%.2f MB/s), get %,.1f objects/s (%.2f MB/s), %d threads%n",
        kib,
        r.putsPerSecond(),
        r.putMegabytesPerSecond(),
        r.getsPerSecond(),
        r.getMegabytesPerSecond(),
        s3Threads);
    String note = "%d threads, warehouse bucket (SSE-KMS default encryption)".formatted(s3Threads);
    result
        .figure("S3 put %d KiB".formatted(kib), r.putsPerSecond(), "objects/s", note)
        .figure("S3 put %d KiB".formatted(kib), r.putMegabytesPerSecond(), "MB/s", note)
        .figure("S3 get %d KiB".formatted(kib), r.getsPerSecond(), "objects/s", note)
        .figure("S3 get %d KiB".formatted(kib), r.getMegabytesPerSecond(), "MB/s", note);
  }

  private static void chart(ResultRecorder result, List<S3Ceiling.Rates> s3) {
    List<double[]> puts = new ArrayList<>();
    List<double[]> gets = new ArrayList<>();
    for (S3Ceiling.Rates r : s3) {
      puts.add(new double[] {r.objectBytes() / KIB, r.putsPerSecond()});
      gets.add(new double[] {r.objectBytes() / KIB, r.getsPerSecond()});
    }
    result.chart(
        "s3",
        "Embedded S3: objects/s by object size",
        BenchResult.Kind.BAR,
        "object size (KiB)",
        "objects/s",
        List.of(new BenchResult.Series("put", puts), new BenchResult.Series("get", gets)));
  }
}
