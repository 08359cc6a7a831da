package dev.iceflow.costguard;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One batch of the cost-guard queue: counts each stage event's usage once, applies pause and resume
 * requests, reads CloudWatch on a tick; then holds the datasets it counted for against their
 * budgets (every dataset on a tick). A dataset whose evaluation fails fails its messages: they come
 * back, count nothing twice, and evaluate again.
 */
public class CostGuardService {

  private static final Logger LOG = Logger.getLogger(CostGuardService.class);

  private final GuardMessageReader reader;
  private final SqsBatchProcessor processor;
  private final CostLedger ledger;
  private final UsageModel usage;
  private final PauseControl control;
  private final MetricsCollector metrics;
  private final BudgetGuard budgets;
  private final PipelineMetrics pipelineMetrics;
  private final Tracing tracing;
  private final Clock clock;

  CostGuardService(
      GuardMessageReader reader,
      SqsBatchProcessor processor,
      CostLedger ledger,
      UsageModel usage,
      PauseControl control,
      MetricsCollector metrics,
      BudgetGuard budgets,
      PipelineMetrics pipelineMetrics,
      Tracing tracing,
      Clock clock) {
    this.reader = reader;
    this.processor = processor;
    this.ledger = ledger;
    this.usage = usage;
    this.control = control;
    this.metrics = metrics;
    this.budgets = budgets;
    this.pipelineMetrics = pipelineMetrics;
    this.tracing = tracing;
    this.clock = clock;
  }

  public SQSBatchResponse handle(SQSEvent event) {
    Map<String, List<String>> messagesByDataset = new LinkedHashMap<>();
    SQSBatchResponse response =
        processor.process(
            event,
            message -> {
              GuardMessage read = reader.read(message);
              tracing.within(
                  Stage.COST_GUARD,
                  read.envelope(),
                  span -> {
                    handle(read);
                    return null;
                  });
              if (read instanceof GuardMessage.StageEvent stageEvent) {
                messagesByDataset
                    .computeIfAbsent(stageEvent.envelope().dataset(), d -> new ArrayList<>())
                    .add(message.getMessageId());
              }
            });
    return withFailedEvaluations(response, messagesByDataset);
  }

  private void handle(GuardMessage read) {
    if (read instanceof GuardMessage.StageEvent stageEvent) {
      count(stageEvent);
    } else if (read instanceof GuardMessage.Control request) {
      control.apply(request.envelope(), request.request());
    } else if (read instanceof GuardMessage.Tick tick) {
      tick(tick);
    }
  }

  private void count(GuardMessage.StageEvent event) {
    String id = event.envelope().id();
    boolean counted =
        ledger.countOnce(
            id,
            event.envelope().dataset(),
            BudgetPeriod.containing(event.envelope().time()),
            usage.of(event.envelope(), event.bodyBytes()));
    if (!counted) {
      LOG.infof("%s %s was counted before (a redelivery)", event.envelope().type(), id);
    }
  }

  /**
   * Reads CloudWatch, lapses holds whose time is up (reporting how many functions stay paused),
   * then evaluates every budget.
   */
  private void tick(GuardMessage.Tick tick) {
    Instant now = clock.instant();
    metrics.collect(tick.tick().firedAt());
    Set<String> paused = control.reconcile(now);
    pipelineMetrics.pipelineWide().add(MetricNames.PAUSED_FUNCTIONS, paused.size()).flush();
    budgets.evaluateAll(now);
  }

  private SQSBatchResponse withFailedEvaluations(
      SQSBatchResponse response, Map<String, List<String>> messagesByDataset) {
    List<BatchItemFailure> failures = new ArrayList<>(response.getBatchItemFailures());
    Set<String> failed =
        failures.stream().map(BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
    Instant now = clock.instant();
    messagesByDataset.forEach(
        (dataset, messageIds) -> {
          try {
            budgets.evaluate(List.of(dataset), now);
          } catch (RuntimeException e) {
            LOG.errorf(
                e,
                "the budget of %s could not be evaluated; its %d messages return to the queue",
                dataset,
                messageIds.size());
            messageIds.stream()
                .filter(failed::add)
                .forEach(id -> failures.add(new BatchItemFailure(id)));
          }
        });
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
