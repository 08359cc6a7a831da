package dev.iceflow.ops.quarantine;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.DeploymentPrefix;
import dev.iceflow.ops.aws.DeploymentTopic;
import dev.iceflow.ops.quarantine.ReplayMarker.Replay;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** {@code ops quarantine replay}: corrected records back into ingestion, exactly once. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publishes corrected records of a quarantine object to the ingest topic (<prefix>-ingest) as"
          + " one ingest.batch with inline records, for the object's dataset, as an upstream"
          + " system would; validation takes it from there, and what fails again is quarantined"
          + " again under the new batch id.",
      "Exactly once: the batch id is <original batch id>.replay-<16 hex of sha256(object key,"
          + " corrected records)>, so replaying the same correction again gives the same id, which"
          + " the commit stage's idempotency ledger keeps once; a new correction is a new batch."
          + " The replay is recorded in the quarantine bucket (replays/<key>.json), and a second"
          + " replay says \"already replayed as batch X\" and publishes nothing unless --force.",
      "The same in AWS and on the local platform (--endpoint-url); only the quarantine bucket's"
          + " default name differs (see --quarantine-bucket).",
      "Corrected records: one JSON object a line (NDJSON), the records themselves (the 'record'"
          + " field of the quarantine lines, corrected), from --file or stdin."
    },
    footer = {
      "",
      "Exit codes: 0 published, or already replayed with the same records (nothing published),"
          + " 1 failed or already replayed with other records without --force (one line on"
          + " stderr), 2 bad arguments or records."
    })
public final class QuarantineReplayCommand implements Callable<Integer> {

  /** --file's value for standard input. */
  static final String STDIN = "-";

  @Option(
      names = "--object",
      paramLabel = "KEY",
      required = true,
      description = "The quarantine object's key, e.g. validation/flights/b-0001.ndjson.")
  String object;

  @Option(
      names = "--file",
      paramLabel = "NDJSON",
      defaultValue = STDIN,
      description = "The corrected records, one JSON object a line (default: - for stdin).")
  String file;

  @Option(
      names = "--force",
      description =
          "Publish even when the object was replayed already (the same records publish the same"
              + " batch id again, which the commit stage keeps once).")
  boolean force;

  @Mixin QuarantineBucket quarantineBucket;

  @Mixin AwsTarget aws;

  @Mixin DeploymentPrefix deployment;

  @Spec CommandSpec spec;

  private final Clock clock;
  private final Supplier<InputStream> stdin;

  public QuarantineReplayCommand(Clock clock, Supplier<InputStream> stdin) {
    this.clock = clock;
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    String prefix = usage(deployment::value);
    CorrectedRecords corrected = usage(this::readCorrected);
    Contracts contracts = Contracts.packaged();
    EnvelopeCodec codec = new EnvelopeCodec(contracts.messages());
    PrintWriter out = spec.commandLine().getOut();
    String bucket = quarantineBucket.name(aws, prefix);
    try (S3Client s3 = aws.configure(S3Client.builder()).forcePathStyle(aws.local()).build();
        SnsClient sns = aws.configure(SnsClient.builder()).build()) {
      QuarantineStore store = new QuarantineStore(s3, bucket);
      QuarantinedBatch quarantined = usage(() -> store.require(object));
      String batchId = ReplayBatchId.of(quarantined.batchId(), object, corrected.contentSha256());
      ReplayMarker marker = store.marker(object);
      Optional<Integer> done = alreadyReplayed(marker, batchId, out);
      if (done.isPresent()) {
        return done.get();
      }
      ReplayRequest request = request(batchId, quarantined.dataset(), corrected, codec);
      String topicArn = DeploymentTopic.find(sns, prefix, Topics.INGEST, aws.region());
      String messageId =
          new EventPublisher(sns, codec, new TopicDirectory(Map.of(Topics.INGEST, topicArn)))
              .publish(Topics.INGEST, request.envelope());
      Replay replay =
          new Replay(
              batchId,
              corrected.records().size(),
              corrected.contentSha256(),
              request.envelope().id(),
              messageId,
              topicArn,
              request.envelope().time());
      record(store, marker.with(replay));
      out.printf(
          "Published ingest.batch %s (%d record(s) of %s, from s3://%s/%s; envelope %s, SNS"
              + " message %s) to %s.%nRecorded in s3://%s/%s.%n",
          batchId,
          replay.records(),
          quarantined.dataset(),
          bucket,
          object,
          replay.envelopeId(),
          messageId,
          topicArn,
          bucket,
          ReplayMarker.keyOf(object));
      out.flush();
      return 0;
    } catch (SdkException e) {
      throw new OpsFailure("cannot replay %s from %s".formatted(object, bucket), e);
    }
  }

  /** Exit code when this replay is not to be published; empty when it is. */
  private Optional<Integer> alreadyReplayed(ReplayMarker marker, String batchId, PrintWriter out) {
    if (force || marker.replays().isEmpty()) {
      return Optional.empty();
    }
    Optional<Replay> same = marker.find(batchId);
    if (same.isPresent()) {
      out.printf(
          "Already replayed as batch %s at %s (SNS message %s): nothing published. The same"
              + " records give the same batch id, which the pipeline keeps once (--force publishes"
              + " it again).%n",
          batchId, same.get().replayedAt(), same.get().snsMessageId());
      out.flush();
      return Optional.of(0);
    }
    Replay latest = marker.latest().orElseThrow();
    throw new OpsFailure(
        ("%s was already replayed as batch %s at %s with other records; these would be a new"
                + " batch %s: give --force to publish them too")
            .formatted(object, latest.batchId(), latest.replayedAt(), batchId));
  }

  private ReplayRequest request(
      String batchId, String dataset, CorrectedRecords corrected, EnvelopeCodec codec) {
    ReplayRequest request;
    try {
      request = ReplayRequest.of(batchId, dataset, corrected, clock.instant(), codec);
    } catch (IllegalArgumentException e) {
      throw new OpsFailure("the corrected records make no valid ingest.batch", e);
    }
    if (!request.fitsOneSnsMessage()) {
      throw new OpsFailure(
          "the ingest.batch is %d bytes, over SNS's %d: split the corrected records"
              .formatted(request.bytes(), ReplayRequest.MAX_SNS_BYTES));
    }
    return request;
  }

  private void record(QuarantineStore store, ReplayMarker marker) {
    Replay replay = marker.latest().orElseThrow();
    try {
      store.write(marker);
    } catch (SdkException e) {
      throw new OpsFailure(
          ("published as batch %s (SNS message %s) but the replay could not be recorded: a second"
                  + " replay publishes the same batch again, which the pipeline keeps once")
              .formatted(replay.batchId(), replay.snsMessageId()),
          e);
    }
  }

  private CorrectedRecords readCorrected() {
    String origin = STDIN.equals(file) ? "stdin" : file;
    try {
      String text =
          STDIN.equals(file)
              ? new String(stdin.get().readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
      return CorrectedRecords.parse(text, origin);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read %s: %s".formatted(origin, e.getMessage()));
    }
  }

  /** Runs {@code read}, turning a bad option value into a usage error. */
  private <T> T usage(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
