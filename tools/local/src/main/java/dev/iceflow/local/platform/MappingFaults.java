package dev.iceflow.local.platform;

import dev.iceflow.common.faults.FaultDraws;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One mapping's delivery faults: the seeded draws (a sequence per function, so adding a function to
 * a run does not shift another's) and the count of what was injected.
 */
final class MappingFaults {

  static final String DUPLICATE = "duplicate-delivery/";
  static final String THROTTLE = "throttle/";

  private final FaultDraws duplicates;
  private final FaultDraws throttles;
  private final AtomicLong duplicated = new AtomicLong();
  private final AtomicLong throttledInvocations = new AtomicLong();
  private final AtomicLong throttledMessages = new AtomicLong();

  MappingFaults(DeliveryFaults faults, String function) {
    this.duplicates =
        new FaultDraws(
            faults.duplicateFraction(), faults.duplicateSeed(), DUPLICATE + function, "");
    this.throttles =
        new FaultDraws(faults.throttleFraction(), faults.throttleSeed(), THROTTLE + function, "");
  }

  /** Whether Lambda refuses this invocation of {@code batch}; counted when it does. */
  boolean throttled(List<Message> batch) {
    if (!throttles.fires()) {
      return false;
    }
    throttledInvocations.incrementAndGet();
    throttledMessages.addAndGet(batch.size());
    return true;
  }

  /** The messages of {@code batch} delivered a second time, in the batch's order; counted. */
  List<Message> duplicatesOf(List<Message> batch) {
    List<Message> again = batch.stream().filter(m -> duplicates.fires()).toList();
    duplicated.addAndGet(again.size());
    return again;
  }

  InjectedFaults injected() {
    return new InjectedFaults(
        duplicated.get(), throttledInvocations.get(), throttledMessages.get());
  }
}
