package dev.iceflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.aws.AwsSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
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
  void shouldReadQueueUrlsByLogicalName() {
    String url = "https://sqs.us-east-1.amazonaws.com/123456789012/iceflow-dev-ingest-unrouted";

    assertThat(load(Map.of("iceflow.queues.ingest-unrouted", url)).queues())
        .containsExactly(Map.entry("ingest-unrouted", url));
  }

  /**
   * Terraform gives every function the topics and buckets, but a queue URL only to the function
   * that sends to it; SmallRye refuses a map entry that is present but empty, so the shared
   * properties must not name a queue.
   */
  @Test
  void shouldStartWithTheSharedPropertiesAndNoQueue_asAFunctionThatSendsToNone() throws Exception {
    Map<String, String> terraformEnvironment = new HashMap<>();
    for (String name :
        List.of(
            "TOPICS_EVENTS",
            "TOPICS_COMMITS",
            "BUCKETS_STAGING",
            "BUCKETS_QUARANTINE",
            "BUCKETS_REFERENCE",
            "BUCKETS_WAREHOUSE")) {
      terraformEnvironment.put("ICEFLOW_" + name, "iceflow-dev-" + name.toLowerCase());
    }
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors() // expands ${ICEFLOW_TOPICS_EVENTS:} and the like
            .withMapping(IceflowConfig.class)
            .withSources(
                new PropertiesConfigSource(
                    IceflowConfigTest.class
                        .getClassLoader()
                        .getResource("META-INF/microprofile-config.properties"),
                    100),
                new PropertiesConfigSource(terraformEnvironment, "environment", 300))
            .build();

    IceflowConfig iceflow = config.getConfigMapping(IceflowConfig.class);
    assertThat(iceflow.queues()).isEmpty();
    assertThat(iceflow.topics()).containsEntry("events", "iceflow-dev-topics_events");
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
