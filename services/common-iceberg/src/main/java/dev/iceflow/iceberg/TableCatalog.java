package dev.iceflow.iceberg;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.faults.CommitStateUnknownInjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

/**
 * The Iceberg catalog of the stages that touch tables, opened once per container on first use (a
 * Lambda that never reaches a table never connects), and their tables created from the data
 * contract when missing.
 */
@ApplicationScoped
public class TableCatalog {

  private final IceflowConfig config;
  private final CommitStateUnknownInjection unknownStates;
  private Catalog catalog;

  @Inject
  public TableCatalog(IceflowConfig config) {
    this(config, CommitStateUnknownInjection.from(config.faults()));
  }

  /** A catalog whose tables' commits end as {@code unknownStates} says (a fault run, a test). */
  public TableCatalog(IceflowConfig config, CommitStateUnknownInjection unknownStates) {
    this.config = config;
    this.unknownStates = unknownStates;
  }

  /**
   * The contract's table, loaded now (so a schema another stage evolved is seen) or created; its
   * commits may end in an unknown state when a fault run asks for it.
   */
  public Table loadOrCreate(TableSpec spec) {
    return unknownStates.wrap(ContractTableCreator.loadOrCreate(catalog(), spec));
  }

  public synchronized Catalog catalog() {
    if (catalog == null) {
      catalog = CatalogFactory.open(config);
    }
    return catalog;
  }
}
