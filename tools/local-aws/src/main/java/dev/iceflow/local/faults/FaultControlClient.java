package dev.iceflow.local.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.local.emulator.EmulatorException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Speaks the control paths the embedded moto serves beside its APIs
 * (tools/local/python/fault_injection.py): opens and closes fault listeners, puts and removes
 * rules, reads their counts.
 */
final class FaultControlClient {

  private static final String LISTENERS = "/_iceflow/faults/listeners";
  private static final String JSON = "application/json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI emulator;
  private final HttpClient http = HttpClient.newHttpClient();

  FaultControlClient(URI emulator) {
    this.emulator = emulator;
  }

  /** Opens a listener whose faults are logged to {@code log}; returns its port. */
  int open(Path log) {
    JsonNode answer =
        send(
            HttpRequest.newBuilder(emulator.resolve(LISTENERS))
                .header("Content-Type", JSON)
                .POST(body(Map.of("log", log.toAbsolutePath().toString()))),
            201);
    return answer.get("port").asInt();
  }

  void close(int port) {
    send(HttpRequest.newBuilder(listener(port)).DELETE(), 204);
  }

  void put(int port, FaultRule rule) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("accessKeyIds", rule.accessKeyIds());
    wire.put("services", rule.services().stream().map(FaultService::signingName).toList());
    wire.put("failFraction", rule.failFraction());
    wire.put("share500", rule.internalErrorShare());
    wire.put("slowFraction", rule.slowFraction());
    wire.put("delayMillis", rule.delay().toMillis());
    wire.put("seed", rule.seed());
    send(
        HttpRequest.newBuilder(rule(port, rule.name()))
            .header("Content-Type", JSON)
            .PUT(body(wire)),
        204);
  }

  void remove(int port, String ruleName) {
    send(HttpRequest.newBuilder(rule(port, ruleName)).DELETE(), 204);
  }

  FaultCounts counts(int port, String ruleName) {
    JsonNode counts = send(HttpRequest.newBuilder(rule(port, ruleName)).GET(), 200);
    return new FaultCounts(
        counts.get("seen").asLong(),
        counts.get("internalErrors").asLong(),
        counts.get("serviceUnavailable").asLong(),
        counts.get("delayed").asLong());
  }

  private URI listener(int port) {
    return emulator.resolve(LISTENERS + "/" + port);
  }

  private URI rule(int port, String name) {
    return emulator.resolve(LISTENERS + "/" + port + "/rules/" + name);
  }

  private static HttpRequest.BodyPublisher body(Object document) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(document));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + document + " as JSON", e);
    }
  }

  private JsonNode send(HttpRequest.Builder request, int expectedStatus) {
    HttpRequest built = request.build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expectedStatus) {
        throw new EmulatorException(
            "the emulator's fault control answered %s %s with %d: %s"
                .formatted(built.method(), built.uri(), response.statusCode(), response.body()));
      }
      return response.body().isEmpty()
          ? MAPPER.createObjectNode()
          : MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new EmulatorException(
          "cannot reach the emulator's fault control at %s".formatted(built.uri()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("interrupted while calling " + built.uri(), e);
    }
  }
}
