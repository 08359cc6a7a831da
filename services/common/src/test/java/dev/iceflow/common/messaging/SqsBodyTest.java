package dev.iceflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqsBodyTest {

  @Test
  void shouldUnwrapAnSnsNotification_whenRawDeliveryIsOff() throws Exception {
    assertThat(SqsBody.unwrap(resource("events/sns-notification-body.json")))
        .isEqualTo("{\"id\":\"x\"}");
  }

  @Test
  void shouldPassARawMessageThrough() {
    assertThat(SqsBody.unwrap("{\"id\":\"x\",\"Type\":\"other\"}"))
        .isEqualTo("{\"id\":\"x\",\"Type\":\"other\"}");
  }

  @Test
  void shouldPassANonJsonBodyThroughForTheDecoderToReport() {
    assertThat(SqsBody.unwrap("{broken")).isEqualTo("{broken");
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = SqsBodyTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
