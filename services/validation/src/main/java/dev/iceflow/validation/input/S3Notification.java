package dev.iceflow.validation.input;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The parts of an S3 event notification validation reads (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
 * event message structure</a>): the records of created objects, or the test event S3 sends when
 * notifications are configured.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record S3Notification(
    @JsonProperty("Records") List<EventRecord> records, @JsonProperty("Event") String event) {

  static final String TEST_EVENT = "s3:TestEvent";
  static final String EVENT_SOURCE = "aws:s3";

  boolean isTestEvent() {
    return TEST_EVENT.equals(event);
  }

  boolean isObjectEvent() {
    return records != null
        && !records.isEmpty()
        && EVENT_SOURCE.equals(records.get(0).eventSource());
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record EventRecord(String eventSource, String eventTime, Entity s3) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Entity(Bucket bucket, S3Object object) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Bucket(String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record S3Object(String key, Long size, String eTag, String sequencer, String versionId) {

    /**
     * S3's name for "no version": objects written while versioning was never enabled or is
     * suspended carry the version id {@code null}, which every later overwrite reuses.
     */
    static final String NULL_VERSION = "null";

    /**
     * The version id when it names this one upload; absent for unversioned or suspended buckets,
     * whose "null" version is overwritten in place and so identifies nothing.
     */
    String stableVersionId() {
      return versionId == null || versionId.isEmpty() || NULL_VERSION.equals(versionId)
          ? null
          : versionId;
    }
  }
}
