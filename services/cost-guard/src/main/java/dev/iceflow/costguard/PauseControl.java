package dev.iceflow.costguard;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.lambda.UnprocessableMessageException;
import dev.iceflow.contracts.message.payload.PipelineControlV1;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.PauseHold;
import dev.iceflow.cost.PauseHolds;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Applies pipeline.control: a pause records a hold in the ledger, then disables the functions'
 * event sources; a resume releases the functions from every hold, then enables those no hold names
 * any more. A hold with an {@code until} lapses on the first tick after it. The ledger is written
 * first, so a retry after a failed Lambda call finds the same holds and finishes the job.
 */
final class PauseControl {

  private static final Logger LOG = Logger.getLogger(PauseControl.class);
  static final String PAUSE = "pause";
  static final String RESUME = "resume";
  private static final int HOLD_WRITE_ATTEMPTS = 5;

  private final CostLedger ledger;
  private final EventSourceSwitch sources;
  private final Set<String> controllable;

  PauseControl(CostLedger ledger, EventSourceSwitch sources, Collection<String> controllable) {
    this.ledger = ledger;
    this.sources = sources;
    this.controllable = Set.copyOf(controllable);
  }

  void apply(Envelope envelope, PipelineControlV1 request) {
    List<String> functions = request.scope().functions();
    List<String> refused = functions.stream().filter(f -> !controllable.contains(f)).toList();
    if (!refused.isEmpty()) {
      throw new UnprocessableMessageException(
          "pipeline.control %s asks to %s %s, but cost-guard controls only %s (it never pauses"
                  .formatted(envelope.id(), request.action(), refused, new TreeSet<>(controllable))
              + " itself: nothing would resume it)");
    }
    List<String> absent = functions.stream().filter(f -> !sources.isDeployed(f)).toList();
    if (!absent.isEmpty()) {
      throw new UnprocessableMessageException(
          "pipeline.control %s asks to %s %s, which this deployment does not run"
              .formatted(envelope.id(), request.action(), absent));
    }
    switch (request.action()) {
      case PAUSE -> pause(envelope, request);
      case RESUME -> resume(functions, request);
      default ->
          throw new UnprocessableMessageException(
              "pipeline.control %s: unknown action %s".formatted(envelope.id(), request.action()));
    }
  }

  /**
   * Lapses the holds whose time is up and enables what they alone held; re-disables the rest.
   * Returns the functions still held paused.
   */
  Set<String> reconcile(Instant now) {
    PauseHolds before = ledger.holds();
    PauseHolds after = update(holds -> holds.lapsedAt(now));
    Set<String> released = new TreeSet<>(before.pausedFunctions());
    released.removeAll(after.pausedFunctions());
    enable(released);
    for (String function : after.pausedFunctions()) {
      sources.set(function, false);
    }
    return Set.copyOf(after.pausedFunctions());
  }

  private void pause(Envelope envelope, PipelineControlV1 request) {
    PauseHold hold =
        new PauseHold(
            envelope.id(),
            request.scope().functions(),
            request.reason(),
            request.requestedBy(),
            envelope.dataset(),
            request.requestedAt(),
            request.until());
    update(holds -> holds.with(hold));
    for (String function : hold.functions()) {
      sources.set(function, false);
    }
    LOG.warnf(
        "paused %s for %s: %s (until %s)",
        hold.functions(),
        request.requestedBy(),
        request.reason(),
        request.until() == null ? "resumed" : request.until());
  }

  private void resume(List<String> functions, PipelineControlV1 request) {
    PauseHolds after = update(holds -> holds.releasing(functions));
    enable(functions.stream().filter(f -> !after.pausedFunctions().contains(f)).toList());
    LOG.warnf("resumed %s for %s: %s", functions, request.requestedBy(), request.reason());
  }

  private void enable(Collection<String> functions) {
    for (String function : functions) {
      sources.set(function, true);
    }
  }

  /** Applies {@code change} to the holds, re-reading when another writer got in between. */
  private PauseHolds update(UnaryOperator<PauseHolds> change) {
    for (int attempt = 1; attempt <= HOLD_WRITE_ATTEMPTS; attempt++) {
      PauseHolds read = ledger.holds();
      PauseHolds next = change.apply(read);
      if (next.holds().equals(read.holds()) || ledger.replaceHolds(read, next)) {
        return next;
      }
    }
    throw new IllegalStateException(
        "the pause holds changed under every one of %d attempts".formatted(HOLD_WRITE_ATTEMPTS));
  }
}
