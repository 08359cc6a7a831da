package dev.iceflow.testkit.lambda;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;

/**
 * Invokes the handler of the Quarkus Lambda under test through Quarkus' mock Lambda event server
 * (rest-assured points at it in {@code @QuarkusTest}), and returns the handler's JSON response.
 */
public final class MockEventServer {

  private static final String JSON = "application/json";
  private static final int OK = 200;

  private MockEventServer() {}

  public static JsonNode invoke(JsonNode event) {
    String body =
        given()
            .contentType(JSON)
            .accept(JSON)
            .body(event.toString())
            .when()
            .post()
            .then()
            .statusCode(OK)
            .extract()
            .asString();
    try {
      return EnvelopeCodec.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the handler answered with something that is not JSON: " + body, e);
    }
  }
}
