package dev.iceflow.local.platform;

/**
 * Faults the event source mappings inject, as SQS and Lambda cause them in AWS, each drawn from a
 * seed so a run's faults are reproduced by re-running its seeds.
 *
 * @param duplicateFraction share of received messages delivered twice before they are deleted, as
 *     SQS's at-least-once delivery does
 *     (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues-at-least-once-delivery.html)
 * @param duplicateSeed seed of the duplicate draws
 * @param throttleFraction share of invocations Lambda refuses as throttled: the function does not
 *     run and the batch returns to the queue, its receive count up (the DLQ's maxReceiveCount still
 *     applies)
 * @param throttleSeed seed of the throttle draws
 */
public record DeliveryFaults(
    double duplicateFraction, long duplicateSeed, double throttleFraction, long throttleSeed) {

  /** No fault: every message is delivered once per receive, every invocation runs. */
  public static final DeliveryFaults NONE = new DeliveryFaults(0, 0, 0, 0);

  public DeliveryFaults {
    requireFraction("duplicateFraction", duplicateFraction);
    requireFraction("throttleFraction", throttleFraction);
  }

  public DeliveryFaults withDuplicates(double fraction, long seed) {
    return new DeliveryFaults(fraction, seed, throttleFraction, throttleSeed);
  }

  public DeliveryFaults withThrottling(double fraction, long seed) {
    return new DeliveryFaults(duplicateFraction, duplicateSeed, fraction, seed);
  }

  private static void requireFraction(String name, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "%s must be between 0 and 1, was %s".formatted(name, fraction));
    }
  }
}
