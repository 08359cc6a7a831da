package dev.iceflow.ops.quarantine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What was replayed from one quarantine object, kept beside it in the quarantine bucket as {@code
 * replays/<key>.json}: every replay in order, so {@code quarantine list} shows it and a second
 * replay of the same correction is recognised before anything is published.
 */
record ReplayMarker(String object, List<Replay> replays) {

  /** Where the markers live: outside any stage's prefix, so they are never read as quarantine. */
  static final String PREFIX = "replays/";

  ReplayMarker {
    replays = List.copyOf(replays);
  }

  /** One publish: the batch id, what it held, and the message that carried it. */
  record Replay(
      String batchId,
      int records,
      String contentSha256,
      String envelopeId,
      String snsMessageId,
      String topicArn,
      Instant replayedAt) {}

  static String keyOf(String quarantineKey) {
    return PREFIX + quarantineKey + ".json";
  }

  static ReplayMarker none(String object) {
    return new ReplayMarker(object, List.of());
  }

  Optional<Replay> find(String batchId) {
    return replays.stream().filter(r -> r.batchId().equals(batchId)).findFirst();
  }

  Optional<Replay> latest() {
    return replays.isEmpty() ? Optional.empty() : Optional.of(replays.get(replays.size() - 1));
  }

  ReplayMarker with(Replay replay) {
    List<Replay> all = new ArrayList<>(replays);
    all.add(replay);
    return new ReplayMarker(object, all);
  }
}
