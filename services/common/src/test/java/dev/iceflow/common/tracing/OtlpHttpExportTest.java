package dev.iceflow.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.contracts.message.MessageType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS path: spans posted as OTLP/HTTP protobuf to {@code <endpoint>/v1/traces} (the ADOT
 * collector layer's receiver) by the time {@link Tracing#flush} returns, through the JDK sender.
 */
class OtlpHttpExportTest {

  private record Request(String method, String path, String contentType, byte[] body) {}

  private final List<Request> received = new CopyOnWriteArrayList<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          received.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void shouldPostTheSpansToTheCollector_beforeFlushReturns() {
    URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
    try (Tracing tracing =
        Tracing.of(new TracingSettings(Optional.empty(), Optional.of(endpoint), "validation"))) {
      try (StageSpan span = tracing.start(Stage.VALIDATION, ingest())) {
        span.batch("b-otlp");
      }
      tracing.flush();

      assertThat(received).hasSize(1);
      Request request = received.get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/traces");
      assertThat(request.contentType()).isEqualTo("application/x-protobuf");
      // protobuf keeps strings as they are: the batch id and the service name are in the body
      assertThat(new String(request.body(), StandardCharsets.ISO_8859_1))
          .contains("b-otlp", "validation");
    }
  }

  @Test
  void shouldAppendTheSignalPathToTheBaseEndpoint() {
    assertThat(Tracing.tracesUrl(URI.create("http://localhost:4318")))
        .isEqualTo("http://localhost:4318/v1/traces");
    assertThat(Tracing.tracesUrl(URI.create("http://localhost:4318/otlp/")))
        .isEqualTo("http://localhost:4318/otlp/v1/traces");
  }

  /** An ingest batch sent in an upstream's span. */
  private static Envelope ingest() {
    return new Envelope(
        "bts.b-otlp",
        MessageType.INGEST_BATCH.wireName(),
        "1.0",
        "bts-feed",
        Instant.EPOCH,
        "flights",
        "b-otlp",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        null,
        null,
        EnvelopeCodec.mapper().createObjectNode());
  }
}
