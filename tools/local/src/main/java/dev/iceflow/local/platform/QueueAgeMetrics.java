package dev.iceflow.local.platform;

import java.time.Duration;
import java.time.Instant;

/** Where an event source mapping reports the age of the oldest message of each batch it got. */
@FunctionalInterface
public interface QueueAgeMetrics {

  /** For a mapping outside a platform: nothing is kept. */
  QueueAgeMetrics NONE = (queueName, oldest, at) -> {};

  /**
   * The oldest message of a batch received from the queue deployed as {@code queueName} had waited
   * {@code oldest} at {@code at}; must not block the poller.
   */
  void received(String queueName, Duration oldest, Instant at);
}
