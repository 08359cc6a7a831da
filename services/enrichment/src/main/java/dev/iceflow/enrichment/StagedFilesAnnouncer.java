package dev.iceflow.enrichment;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.FilesClaimCheck;
import dev.iceflow.contracts.message.payload.Payloads;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.contracts.topology.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Hands a batch's data files to the commit stage with one datafiles.staged message on the FIFO
 * commits topic, in the table's message group. A file list too large for one SNS message (a
 * backfill spanning hundreds of partitions) goes to the staging bucket first and the message points
 * at it: one batch is never split across messages, so it is committed whole or not at all.
 */
@ApplicationScoped
public class StagedFilesAnnouncer {

  private static final Logger LOG = Logger.getLogger(StagedFilesAnnouncer.class);
  private static final String FILE_LISTS_PREFIX = "staged-files/";

  /** The envelope's id pattern allows 128 characters. */
  private static final int MAX_ID_CHARS = 128;

  private static final int TABLE_HASH_CHARS = 16;
  private static final int CONTENT_HASH_CHARS = 12;

  private final StageEvents events;
  private final EventPublisher publisher;
  private final S3Client s3;
  private final String stagingBucket;
  private final int maxInlinePayloadBytes;

  @Inject
  public StagedFilesAnnouncer(
      EnvelopeCodec codec,
      EventPublisher publisher,
      S3Client s3,
      BucketDirectory buckets,
      EnrichmentConfig config) {
    this.events = new StageEvents(Stage.ENRICHMENT, codec);
    this.publisher = publisher;
    this.s3 = s3;
    this.stagingBucket = buckets.name(Buckets.STAGING);
    this.maxInlinePayloadBytes = config.maxInlinePayloadBytes();
  }

  public void announce(Envelope validated, DatafilesStagedV2 staged) {
    DatafilesStagedV2 payload =
        size(staged) <= maxInlinePayloadBytes ? staged : staged.withFilesIn(fileList(staged));
    publisher.publishInGroup(
        Topics.COMMITS,
        events.derive(validated, messageId(staged), payload),
        staged.table().qualifiedName());
  }

  /**
   * The SNS FIFO deduplication id (the envelope id) names the table and the content too: the same
   * upstream batch id in two datasets, or reused for other content, within the 5-minute
   * deduplication window must not be dropped as a duplicate (the commit stage refuses a reused id
   * loudly, with its reason); the same content again is dropped by SNS and recognised by the
   * ledger.
   */
  static String messageId(DatafilesStagedV2 staged) {
    String content = staged.fingerprint().sha256().substring(0, CONTENT_HASH_CHARS);
    String readable =
        "%s.%s.%s.staged".formatted(staged.batchId(), staged.table().qualifiedName(), content);
    return readable.length() <= MAX_ID_CHARS
        ? readable
        : "%s.%s.staged"
            .formatted(
                staged.batchId(),
                Sha256.hex(staged.table().qualifiedName() + "/" + staged.fingerprint().sha256())
                    .substring(0, TABLE_HASH_CHARS));
  }

  private FilesClaimCheck fileList(DatafilesStagedV2 staged) {
    byte[] list = json(staged.files());
    String key =
        "%s%s/%s-%s.json"
            .formatted(
                FILE_LISTS_PREFIX,
                staged.table().qualifiedName(),
                staged.batchId(),
                staged.attempt());
    s3.putObject(r -> r.bucket(stagingBucket).key(key), RequestBody.fromBytes(list));
    LOG.infof(
        "batch %s: %d files (%d bytes of list) go to s3://%s/%s, the message points there",
        staged.batchId(), staged.files().size(), list.length, stagingBucket, key);
    return new FilesClaimCheck(stagingBucket, key, staged.files().size(), Sha256.hex(list));
  }

  private static int size(DatafilesStagedV2 payload) {
    return json(payload).length;
  }

  private static byte[] json(Object value) {
    try {
      return Payloads.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
