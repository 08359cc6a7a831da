package dev.iceflow.local.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.iceflow.common.aws.EmulatorCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A CloudWatch endpoint the AWS SDK can use against moto. Since 2.40.6 the SDK speaks CloudWatch in
 * Smithy RPC v2 CBOR only ({@code POST /service/GraniteServiceVersion20100801/operation/<Op>}),
 * which moto does not serve (getmoto/moto#9195); moto serves the same operations in AWS JSON 1.0
 * ({@code X-Amz-Target: GraniteServiceVersion20100801.<Op>}) with the same shapes. This bridge
 * takes each CBOR call, sends its JSON twin to moto and answers in CBOR, so a packaged function
 * (cost-guard reading Lambda's metrics) and the platform use an unchanged SDK client by pointing it
 * here, as they point the Lambda client at the platform's Lambda API. The emulator checks
 * signatures (it enforces IAM), and the caller's no longer fits the JSON twin: the bridge signs the
 * twin again with the caller's own keys, found by the access key id the caller signed with, so the
 * emulator authorizes the call against the caller's policy.
 */
public final class CloudWatchBridge implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CloudWatchBridge.class);
  private static final String SERVICE = "GraniteServiceVersion20100801";
  private static final String OPERATION_PATH = "/service/" + SERVICE + "/operation/";
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String CBOR_CONTENT_TYPE = "application/cbor";
  private static final String SMITHY_PROTOCOL = "smithy-protocol";
  private static final String RPC_V2_CBOR = "rpc-v2-cbor";

  /** Headers the JDK client sets itself or refuses, and those the protocol change replaces. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "accept",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding",
          SMITHY_PROTOCOL);

  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> SET_BY_THE_CLIENT =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  private static final JsonFactory JSON = new JsonFactory();
  private static final CBORFactory CBOR = new CBORFactory();

  private final HttpServer server;
  private final URI emulator;
  private final CallerSigner signer;
  private final HttpClient http = HttpClient.newHttpClient();

  private CloudWatchBridge(HttpServer server, URI emulator, CallerSigner signer) {
    this.server = server;
    this.emulator = emulator;
    this.signer = signer;
  }

  /**
   * Starts on a free loopback port, forwarding to the emulator at {@code emulator} signed with the
   * keys {@code keys} knows for the caller's access key id.
   */
  public static CloudWatchBridge start(
      URI emulator, Function<String, Optional<EmulatorCredentials>> keys) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      CloudWatchBridge bridge = new CloudWatchBridge(server, emulator, new CallerSigner(keys));
      server.createContext("/", bridge::handle);
      server.setExecutor(Executors.newCachedThreadPool());
      server.start();
      return bridge;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the CloudWatch bridge", e);
    }
  }

  /** Where a CloudWatch client points (iceflow.aws.cloudwatch-endpoint-override). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      int at = path.indexOf(OPERATION_PATH);
      if (at < 0) {
        reply(exchange, 404, "text/plain", ("not a CloudWatch RPC v2 call: " + path).getBytes());
        return;
      }
      String operation = path.substring(at + OPERATION_PATH.length());
      byte[] json = convert(exchange.getRequestBody().readAllBytes(), CBOR, JSON);
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
          headers.put(header.getKey(), header.getValue());
        }
      }
      headers.put("Content-Type", List.of(JSON_CONTENT_TYPE));
      headers.put("Accept", List.of(JSON_CONTENT_TYPE));
      headers.put("X-Amz-Target", List.of(SERVICE + "." + operation));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(emulator.resolve("/"))
              .POST(HttpRequest.BodyPublishers.ofByteArray(json));
      signer
          .signAsCaller(emulator.resolve("/"), headers, json)
          .forEach(
              (name, values) -> {
                if (!SET_BY_THE_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      exchange.getResponseHeaders().add(SMITHY_PROTOCOL, RPC_V2_CBOR);
      response
          .headers()
          .firstValue("x-amzn-requestid")
          .ifPresent(id -> exchange.getResponseHeaders().add("x-amzn-RequestId", id));
      byte[] body =
          isXml(response)
              ? QueryError.parse(response.body()).toCbor(CBOR)
              : convert(response.body(), JSON, CBOR);
      reply(exchange, response.statusCode(), CBOR_CONTENT_TYPE, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error("interrupted while forwarding a CloudWatch call to the emulator", e);
    } catch (RuntimeException | IOException e) {
      LOG.error("the CloudWatch bridge could not forward a call to the emulator", e);
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }

  /** moto answers an authentication or authorization failure in XML, whatever the protocol. */
  private static boolean isXml(HttpResponse<byte[]> response) {
    return response.body().length > 0 && response.body()[0] == '<';
  }

  private static void reply(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Copies one document from one encoding to the other, token by token: the shapes are the same,
   * and CBOR's epoch-seconds timestamps (tag 1) are JSON's epoch-seconds numbers.
   */
  static byte[] convert(byte[] document, JsonFactory from, JsonFactory to) {
    if (document.length == 0) {
      return document;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(document.length * 2);
    try (JsonParser parser = from.createParser(document);
        JsonGenerator generator = to.createGenerator(out)) {
      if (parser.nextToken() != null) {
        generator.copyCurrentStructure(parser);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot convert a CloudWatch message between CBOR and JSON", e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
