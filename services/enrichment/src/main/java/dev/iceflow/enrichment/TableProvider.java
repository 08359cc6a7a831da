package dev.iceflow.enrichment;

import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.iceberg.CatalogFactory;
import dev.iceflow.iceberg.ContractTableCreator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

/**
 * The dataset's Iceberg table, created from its data contract when missing. The catalog is opened
 * once per container; the table is loaded fresh per batch so a schema evolved by the commit stage
 * is written with.
 */
@ApplicationScoped
public class TableProvider {

  static final String WAREHOUSE_BUCKET = "warehouse";

  private final IceflowConfig config;
  private final BucketDirectory buckets;
  private Catalog catalog;

  @Inject
  public TableProvider(IceflowConfig config, BucketDirectory buckets) {
    this.config = config;
    this.buckets = buckets;
  }

  public synchronized Table table(DataContract contract) {
    if (catalog == null) {
      catalog = CatalogFactory.open(config, buckets.name(WAREHOUSE_BUCKET));
    }
    return ContractTableCreator.loadOrCreate(catalog, contract.table());
  }
}
