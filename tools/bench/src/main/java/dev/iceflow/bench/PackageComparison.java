package dev.iceflow.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.FunctionEnvironment;
import dev.iceflow.local.platform.FunctionInstance;
import dev.iceflow.local.platform.FunctionProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One function's two packages side by side, each started alone on the local platform: the JVM
 * function.zip (java25 runtime) and the native one (provided.al2023, target/native/function.zip).
 * For each: the zip's size, the cold start (process start to the first Runtime API next), the first
 * invocation (one SQS event of an ingest batch, sent to the answer), and the process's peak
 * resident memory after it (VmHWM).
 */
final class PackageComparison {

  /** What one package measured. */
  record Figures(
      String kind,
      double zipMib,
      long coldStartMillis,
      long firstInvocationMillis,
      long peakRssKib) {}

  private static final double MIB = 1024.0 * 1024.0;
  private static final String PEAK_RSS = "VmHWM:";

  private PackageComparison() {}

  static Figures measure(
      LocalAws aws, FunctionSpec spec, String kind, Path zip, IngestBatchSource batches)
      throws Exception {
    Path work =
        Files.createDirectories(
            aws.runDirectory()
                .resolve("functions/" + spec.name() + "-" + kind + "-" + UUID.randomUUID()));
    try (FunctionInstance function =
        new FunctionInstance(
            spec,
            0,
            zip,
            work,
            FunctionEnvironment.of(aws, spec),
            FunctionProcess.runtimeClasspathFrom(System.getProperty("java.class.path")))) {
      long coldStart = function.start();
      byte[] event =
          sqsEvent(
              aws, spec, batches.batch("cmp-" + kind + "-" + UUID.randomUUID(), 0, Instant.now()));
      long sent = System.nanoTime();
      byte[] answer =
          function
              .invoke(event, spec.timeoutSeconds() * 1000L)
              .get(spec.timeoutSeconds(), TimeUnit.SECONDS);
      long firstInvocation = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      String text = new String(answer, StandardCharsets.UTF_8);
      if (!EnvelopeCodec.mapper().readTree(answer).path("batchItemFailures").isEmpty()) {
        throw new IllegalStateException(kind + " " + spec.name() + " failed the batch: " + text);
      }
      return new Figures(
          kind, Files.size(zip) / MIB, coldStart, firstInvocation, peakRssKib(function.pid()));
    }
  }

  /** The SQS event Lambda's event source mapping would hand the function for {@code batch}. */
  private static byte[] sqsEvent(LocalAws aws, FunctionSpec spec, Envelope batch) {
    String queueArn = aws.provisioned().queueArn(spec.consumes().queue());
    ObjectNode event = EnvelopeCodec.mapper().createObjectNode();
    ObjectNode message = event.putArray("Records").addObject();
    message
        .put("messageId", "m-1")
        .put("receiptHandle", "rh-m-1")
        .put("body", new EnvelopeCodec(aws.contracts().messages()).encode(batch))
        .put("eventSource", "aws:sqs")
        .put("eventSourceARN", queueArn)
        .put("awsRegion", LocalAws.REGION);
    message.putObject("attributes").put("ApproximateReceiveCount", "1");
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The process's peak resident set (kB), from /proc (Linux). */
  private static long peakRssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(PEAK_RSS)) {
        return Long.parseLong(line.substring(PEAK_RSS.length()).replace("kB", "").trim());
      }
    }
    throw new IOException("no " + PEAK_RSS + " in /proc/" + pid + "/status");
  }
}
