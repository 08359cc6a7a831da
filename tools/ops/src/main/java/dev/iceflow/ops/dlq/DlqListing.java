package dev.iceflow.ops.dlq;

import java.time.Instant;
import java.util.List;

/** What {@code ops dlq list} found: every DLQ's depth, and the messages of the one looked into. */
record DlqListing(
    Instant generatedAt,
    String region,
    String prefix,
    List<Row> queues,
    String lookedInto,
    List<PeekedMessage> messages) {

  DlqListing {
    queues = List.copyOf(queues);
    messages = List.copyOf(messages);
  }

  /** One dead-letter queue with its deployed names and approximate counts. */
  record Row(DeadLetterQueue queue, String name, String sourceName, long waiting, long inFlight) {}
}
