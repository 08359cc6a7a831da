package dev.iceflow.ops.dlq;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.SqsBody;

/**
 * The few envelope fields an operator looks a dead letter up by, read leniently: a dead letter may
 * break its contract (that may be why it is there), so it is not decoded through the contracts.
 * Every field is null when the body is no envelope at all.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record EnvelopeHeader(String id, String type, String dataset, Data data) {

  private static final ObjectReader READER = EnvelopeCodec.mapper().readerFor(EnvelopeHeader.class);
  private static final EnvelopeHeader NONE = new EnvelopeHeader(null, null, null, null);

  /** The batch a stage message is about (most payloads carry batchId). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Data(String batchId) {}

  /** From an SQS body as the consumer sees it: raw, or wrapped in an SNS notification. */
  static EnvelopeHeader read(String body) {
    String message = SqsBody.unwrap(body);
    if (message == null || message.isBlank() || message.charAt(0) != '{') {
      return NONE;
    }
    try {
      return READER.readValue(message);
    } catch (JsonProcessingException notAnEnvelope) {
      // shown as "-": the body excerpt beside it says what it is instead
      return NONE;
    }
  }

  String batchId() {
    return data == null ? null : data.batchId();
  }
}
