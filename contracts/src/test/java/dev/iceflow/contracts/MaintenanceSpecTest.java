package dev.iceflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MaintenanceSpecTest {

  @Test
  void aContractWithoutMaintenanceGetsTheDefaults() {
    DataContract weather = RepositoryContracts.load().requireDataset("seattle_weather");
    assertThat(weather.maintenance()).isNull();
    assertThat(weather.maintenanceOrDefaults()).isEqualTo(MaintenanceSpec.DEFAULTS);
  }

  @Test
  void flightsIsMaintainedByTheLambdaWithItsOwnThresholds() {
    MaintenanceSpec flights =
        RepositoryContracts.load().requireDataset("flights").maintenanceOrDefaults();
    assertThat(flights.maintainedByGlue()).isFalse();
    assertThat(flights.targetFileSizeBytes()).isEqualTo(128L << 20);
    assertThat(flights.minInputFiles()).isEqualTo(2);
    assertThat(flights.manifestRewriteThreshold()).isEqualTo(10);
    assertThat(flights.snapshotRetention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void missingFieldsComeFromTheDefaults() {
    MaintenanceSpec partial =
        new MaintenanceSpec(null, null, 256L << 20, 4, null, null, null, null, null);
    MaintenanceSpec filled = partial.withDefaults();
    assertThat(filled.mode()).isEqualTo(MaintenanceSpec.MODE_LAMBDA);
    assertThat(filled.targetFileSizeBytes()).isEqualTo(256L << 20);
    assertThat(filled.minInputFiles()).isEqualTo(4);
    assertThat(filled.manifestRewriteThreshold())
        .isEqualTo(MaintenanceSpec.DEFAULTS.manifestRewriteThreshold());
  }

  @Test
  void theOrphanWindowCanOnlyGrowBeyondWhatTheTopologyRequires() {
    Duration required = Duration.ofDays(42);
    MaintenanceSpec shorter =
        new MaintenanceSpec(null, null, null, null, null, null, null, 24, null);
    MaintenanceSpec longer =
        new MaintenanceSpec(null, null, null, null, null, null, null, 24 * 60, null);
    assertThat(shorter.orphanSafetyWindow(required)).isEqualTo(required);
    assertThat(longer.orphanSafetyWindow(required)).isEqualTo(Duration.ofDays(60));
    assertThat(MaintenanceSpec.DEFAULTS.orphanSafetyWindow(required)).isEqualTo(required);
  }

  @Test
  void shouldRefuseATargetAboveWhatS3TablesAndGlueAimFor() {
    assertThatThrownBy(
            () -> new MaintenanceSpec(null, null, 1L << 30, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetFileSizeBytes must be between");
  }

  @Test
  void shouldRefuseAnUnknownMode() {
    assertThatThrownBy(
            () -> new MaintenanceSpec(null, "spark", null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maintenance.mode must be 'lambda' or 'glue-optimizer', not 'spark'");
  }

  @Test
  void shouldRefuseAContractWithABadMaintenanceSectionWhenLoaded() {
    assertThatThrownBy(
            () -> Contracts.mapper().readValue("{\"minInputFiles\": 1}", MaintenanceSpec.class))
        .hasMessageContaining("maintenance.minInputFiles must be at least 2, not 1");
  }
}
