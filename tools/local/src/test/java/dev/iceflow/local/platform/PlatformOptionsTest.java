package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.topology.EventSourceSpec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformOptionsTest {

  private static FunctionSpec function(int maximumConcurrency, Integer reserved) {
    return new FunctionSpec(
        "commit",
        "services/commit",
        1024,
        60,
        reserved,
        new EventSourceSpec("commit", 10, 0, maximumConcurrency, true),
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        false);
  }

  @Test
  void instancesAreTheMappingsConcurrency_boundedByReservedConcurrencyAndTheLocalCap() {
    PlatformOptions fourLocal = PlatformOptions.defaults().withMaxInstances(4);

    assertThat(fourLocal.instances(function(2, null))).isEqualTo(2);
    assertThat(fourLocal.instances(function(10, null))).isEqualTo(4);
    assertThat(fourLocal.instances(function(10, 1))).isEqualTo(1);
  }

  @Test
  void aBatchingWindowOverrideReplacesOnlyItsFunctionsWindow() {
    PlatformOptions options = PlatformOptions.defaults().withBatchingWindow("commit", 2);

    assertThat(options.eventSource(function(2, null)))
        .isEqualTo(new EventSourceSpec("commit", 10, 2, 2, true));
    assertThat(PlatformOptions.defaults().eventSource(function(2, null)))
        .isEqualTo(function(2, null).consumes());
    assertThat(
            PlatformOptions.defaults()
                .withBatchingWindow("compaction", 2)
                .eventSource(function(2, null)))
        .isEqualTo(function(2, null).consumes());
  }

  @Test
  void shouldRefuseANegativeBatchingWindow() {
    assertThatThrownBy(() -> PlatformOptions.defaults().withBatchingWindow("commit", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTimeoutOverrideReplacesOnlyItsFunctionsTimeout() {
    PlatformOptions options = PlatformOptions.defaults().withTimeout("commit", 5);

    assertThat(options.timeoutSeconds(function(2, null))).isEqualTo(5);
    assertThat(PlatformOptions.defaults().timeoutSeconds(function(2, null))).isEqualTo(60);
  }

  @Test
  void awsRedeliveryTimingWaitsEachQueuesVisibilityTimeout_scaled() {
    QueueSpec commit = new QueueSpec("commit", true, false, 360, 1_209_600, 20, null, null);
    QueueSpec fast = new QueueSpec("fast", false, false, 10, 1_209_600, 20, null, null);

    assertThat(PlatformOptions.defaults().redeliveryDelaySeconds(commit)).isEqualTo(1);
    assertThat(PlatformOptions.defaults().withAwsRedelivery(1).redeliveryDelaySeconds(commit))
        .isEqualTo(360);
    assertThat(PlatformOptions.defaults().withAwsRedelivery(0.05).redeliveryDelaySeconds(commit))
        .isEqualTo(18);
    assertThat(PlatformOptions.defaults().withAwsRedelivery(0.01).redeliveryDelaySeconds(fast))
        .as("never sooner than a second")
        .isEqualTo(1);
  }

  @Test
  void lessThanOneInstanceIsRefused() {
    assertThatThrownBy(() -> PlatformOptions.defaults().withMaxInstances(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void deliveryFaultsAreNoneByDefault_andTheirFractionsLieBetweenZeroAndOne() {
    assertThat(PlatformOptions.defaults().deliveryFaults()).isEqualTo(DeliveryFaults.NONE);
    assertThat(
            PlatformOptions.defaults()
                .withDuplicateDelivery(0.5, 3)
                .withThrottling(0.25, 4)
                .deliveryFaults())
        .isEqualTo(new DeliveryFaults(0.5, 3, 0.25, 4));
    assertThatThrownBy(() -> PlatformOptions.defaults().withDuplicateDelivery(1.5, 3))
        .hasMessageContaining("duplicateFraction");
    assertThatThrownBy(() -> PlatformOptions.defaults().withThrottling(-1, 3))
        .hasMessageContaining("throttleFraction");
  }
}
