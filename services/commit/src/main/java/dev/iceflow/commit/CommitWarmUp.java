package dev.iceflow.commit;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Moves a cold container's first-commit work into Lambda's init phase. That takes it off the first
 * batch's path where init runs ahead of the batch: with SnapStart (init runs when a version is
 * published), provisioned concurrency, or the local platform's first instance; on an on-demand cold
 * start the batch still waits through init, so there it only moves the cost. Init is limited to 10
 * s and, since August 2025, billed like an invoke
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html,
 * https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/). Per
 * dataset: its table loaded and its lookback window's manifests read (CommitService#warmUp); then
 * one commit rehearsed on an in-memory table (CommitRehearsal) and the SNS client built. Nothing is
 * written: a table that does not exist yet is created by its first batch. Bounded by
 * iceflow.commit.warm-up-budget (init runs over at 10 s). A warm-up that fails is logged and the
 * function starts anyway: its first commit does the same work, and reports a lasting fault where it
 * can fail the batch.
 */
@ApplicationScoped
public class CommitWarmUp {

  private static final Logger LOG = Logger.getLogger(CommitWarmUp.class);

  private final Contracts contracts;
  private final CommitConfig config;
  private final CommitService service;
  private final SnsClient sns;

  @Inject
  public CommitWarmUp(
      Contracts contracts, CommitConfig config, CommitService service, SnsClient sns) {
    this.contracts = contracts;
    this.config = config;
    this.service = service;
    this.sns = sns;
  }

  void atInit(@Observes StartupEvent started) {
    if (config.warmUpAtInit()) {
      warmUp();
    }
  }

  /**
   * Warms every dataset's table, then the write path, within the budget; returns the tables found.
   */
  int warmUp() {
    long start = System.nanoTime();
    long budget = config.warmUpBudget().toNanos();
    int tables = 0;
    int left = contracts.datasets().size();
    for (DataContract contract : contracts.datasets().values()) {
      if (System.nanoTime() - start > budget) {
        break;
      }
      tables += warmUp(contract) ? 1 : 0;
      left--;
    }
    boolean rehearsed = System.nanoTime() - start <= budget && rehearse();
    sns.serviceClientConfiguration(); // builds the client (and its SDK classes) without a call
    LOG.infof(
        "warmed up at init in %d ms: %d table(s) loaded and their lookback read, %d dataset(s) left to their first commit (budget %s), a commit %s in memory",
        (System.nanoTime() - start) / 1_000_000,
        tables,
        left,
        config.warmUpBudget(),
        rehearsed ? "rehearsed" : "not rehearsed");
    return tables;
  }

  private boolean warmUp(DataContract contract) {
    try {
      boolean found = service.warmUp(contract.dataset());
      if (!found) {
        LOG.infof(
            "%s does not exist yet: its first batch creates it", contract.table().qualifiedName());
      }
      return found;
    } catch (RuntimeException e) {
      LOG.warnf(
          e,
          "could not warm up %s at init; its first commit loads it instead",
          contract.table().qualifiedName());
      return false;
    }
  }

  private boolean rehearse() {
    DataContract any = contracts.datasets().values().iterator().next();
    try {
      CommitRehearsal.run(any, config.lookbackSnapshots());
      return true;
    } catch (RuntimeException e) {
      LOG.warnf(
          e, "could not rehearse a commit in memory at init; the first commit will be slower");
      return false;
    }
  }
}
