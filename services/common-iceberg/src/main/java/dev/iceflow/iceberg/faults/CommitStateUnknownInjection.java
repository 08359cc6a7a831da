package dev.iceflow.iceberg.faults;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.faults.FaultDraws;
import java.util.function.Supplier;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;

/**
 * Makes a share of table commits end in CommitStateUnknownException, half after the catalog applied
 * them and half before ({@code iceflow.faults.commit-unknown-rate}, drawn from {@code
 * iceflow.faults.seed}): the committer must settle each by looking its commit up, as it must after
 * a Glue UpdateTable that timed out. Off (tables returned as loaded) unless the rate is above 0.
 */
public final class CommitStateUnknownInjection {

  /** The draws' name: their sequence is this fault's own. */
  static final String FAULT = "commit-state-unknown";

  private static final CommitStateUnknownInjection OFF = new CommitStateUnknownInjection(null);

  private final Supplier<UnknownCommitState> outcomes;

  /**
   * @param outcomes what each table commit in this process gets; null: never inject
   */
  public CommitStateUnknownInjection(Supplier<UnknownCommitState> outcomes) {
    this.outcomes = outcomes;
  }

  /** The injection {@code config} asks for: seeded draws, or none at a rate of 0. */
  public static CommitStateUnknownInjection from(IceflowConfig.Faults config) {
    if (config.commitUnknownRate() == 0) {
      return OFF;
    }
    FaultDraws draws =
        new FaultDraws(
            config.commitUnknownRate(), config.seed(), FAULT, config.incarnation().orElse(""));
    return new CommitStateUnknownInjection(() -> next(draws));
  }

  private static UnknownCommitState next(FaultDraws draws) {
    synchronized (draws) {
      if (!draws.fires()) {
        return UnknownCommitState.NONE;
      }
      return draws.coin() ? UnknownCommitState.AFTER_APPLY : UnknownCommitState.BEFORE_APPLY;
    }
  }

  /** {@code table}, whose commits end as the draws say; {@code table} itself when off. */
  public Table wrap(Table table) {
    if (outcomes == null) {
      return table;
    }
    if (!(table instanceof BaseTable base)) {
      throw new IllegalStateException(
          "cannot inject commit states into %s, a %s: only a catalog's BaseTable has operations to wrap"
              .formatted(table.name(), table.getClass().getName()));
    }
    return new BaseTable(
        new UnknownStateTableOperations(
            ((HasTableOperations) table).operations(), table.name(), outcomes),
        base.name(),
        base.reporter());
  }
}
