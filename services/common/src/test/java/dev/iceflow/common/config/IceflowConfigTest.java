package dev.iceflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.aws.AwsSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IceflowConfigTest {

  @Test
  void shouldReadTopicsBucketsAndTheEmulatorEndpoint() {
    IceflowConfig config =
        load(
            Map.of(
                "iceflow.aws.endpoint-override", "http://127.0.0.1:4566",
                "iceflow.topics.events", "arn:aws:sns:us-east-1:123456789012:iceflow-dev-events",
                "iceflow.buckets.staging", "iceflow-dev-staging"));

    assertThat(config.aws().region()).isEqualTo("us-east-1");
    assertThat(AwsSettings.from(config.aws()).endpointOverride())
        .contains(URI.create("http://127.0.0.1:4566"));
    assertThat(config.topics())
        .containsEntry("events", "arn:aws:sns:us-east-1:123456789012:iceflow-dev-events");
    assertThat(config.buckets()).containsEntry("staging", "iceflow-dev-staging");
  }

  @Test
  void shouldLeaveTheEndpointUnset_inAws() {
    assertThat(load(Map.of("iceflow.aws.region", "eu-west-1")).aws().endpointOverride()).isEmpty();
  }

  @Test
  void shouldRejectAnEndpointThatIsNotAUri() {
    assertThatThrownBy(() -> load(Map.of("iceflow.aws.endpoint-override", "not a uri")))
        .hasMessageContaining("iceflow.aws.endpoint-override");
  }

  private static IceflowConfig load(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(IceflowConfig.class)
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build();
    return config.getConfigMapping(IceflowConfig.class);
  }
}
