package dev.iceflow.contracts.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.dataset.BudgetSpec;
import dev.iceflow.contracts.dataset.ColumnSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.TableSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataContractCompatibilityTest {

  private final DataContract published = dev.iceflow.contracts.TestContracts.flights();

  @Test
  void shouldAcceptANewOptionalColumnAndAnIntToLongPromotion() {
    List<ColumnSpec> columns = new ArrayList<>(published.table().schema());
    columns.replaceAll(
        c ->
            c.name().equals("delay_minutes")
                ? new ColumnSpec(c.id(), c.name(), "long", c.required(), c.doc())
                : c);
    columns.add(new ColumnSpec(100, "carrier", "string", false, "airline code"));

    assertThat(DataContractCompatibility.breakingChanges(published, withColumns(columns)))
        .isEmpty();
  }

  @Test
  void shouldRejectANewRequiredColumnAndARemovedOne() {
    List<ColumnSpec> columns = new ArrayList<>(published.table().schema());
    columns.removeIf(c -> c.name().equals("route"));
    columns.add(new ColumnSpec(100, "carrier", "string", true, "airline code"));

    assertThat(DataContractCompatibility.breakingChanges(published, withColumns(columns)))
        .containsExactlyInAnyOrder(
            "table column 6 (route): removed", "table column 100 (carrier): new required column");
  }

  @Test
  void shouldAcceptABudgetChangeWithinAMajor() {
    BudgetSpec budget = published.budgetOrNone().orElseThrow();
    BudgetSpec changed =
        new BudgetSpec(
            "more traffic now", budget.budgetUsd().add(BigDecimal.TEN), null, List.of(80), null);
    DataContract current = with(published.table(), changed);
    DataContract withoutBudget = with(published.table(), null);

    assertThat(current.budgetOrNone()).contains(changed);
    assertThat(DataContractCompatibility.breakingChanges(published, current)).isEmpty();
    assertThat(DataContractCompatibility.breakingChanges(published, withoutBudget)).isEmpty();
    assertThat(DataContractCompatibility.breakingChanges(withoutBudget, published)).isEmpty();
  }

  private DataContract withColumns(List<ColumnSpec> columns) {
    TableSpec t = published.table();
    TableSpec table =
        new TableSpec(
            t.namespace(),
            t.name(),
            t.formatVersion(),
            columns,
            t.partitionSpec(),
            t.sortOrder(),
            t.properties());
    return with(table, published.budget());
  }

  private DataContract with(TableSpec table, BudgetSpec budget) {
    return new DataContract(
        published.dataset(),
        "1.3",
        published.description(),
        published.owner(),
        published.input(),
        published.reference(),
        published.enrichment(),
        table,
        published.maintenance(),
        budget);
  }
}
