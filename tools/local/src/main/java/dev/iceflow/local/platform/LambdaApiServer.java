package dev.iceflow.local.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The part of the Lambda API (REST, version 2015-03-31) that pauses and resumes ingestion:
 * ListEventSourceMappings, GetEventSourceMapping and UpdateEventSourceMapping (its Enabled flag),
 * on the platform's real mappings, so cost-guard and the ops tools run the SDK's LambdaClient (or
 * {@code aws lambda ... --endpoint-url}) unchanged against AWS and against the local platform.
 * Errors carry Lambda's x-amzn-ErrorType, which the SDK turns into its typed exceptions.
 */
public final class LambdaApiServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LambdaApiServer.class);
  private static final String MAPPINGS = "/2015-03-31/event-source-mappings";
  private static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
  private static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
  private static final String INVALID_PARAMETER = "InvalidParameterValueException";
  private static final String UNKNOWN_OPERATION = "UnknownOperationException";
  private static final String ENABLED = "Enabled";

  /** Lambda's default and largest page of ListEventSourceMappings. */
  private static final int MAX_ITEMS = 100;

  private static final int HANDLER_THREADS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<EventSourceMapping> mappings = new CopyOnWriteArrayList<>();

  /**
   * Listens on a free loopback port, serving no mapping yet: the platform starts it before the
   * functions, whose environment names its endpoint, then adds each function's mapping.
   */
  public LambdaApiServer() throws IOException {
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(HANDLER_THREADS);
    server.setExecutor(executor);
    server.createContext("/", this::route);
    server.start();
  }

  /** Serves {@code mapping} from now on. */
  public void serve(EventSourceMapping mapping) {
    mappings.add(mapping);
  }

  /** The endpoint to give a LambdaClient (endpointOverride) or the AWS CLI (--endpoint-url). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void route(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals(MAPPINGS) || path.equals(MAPPINGS + "/")) {
        if (method.equals("GET")) {
          list(exchange);
          return;
        }
      } else if (path.startsWith(MAPPINGS + "/")) {
        String uuid = path.substring(MAPPINGS.length() + 1);
        if (method.equals("GET")) {
          get(exchange, uuid);
          return;
        }
        if (method.equals("PUT")) {
          update(exchange, uuid);
          return;
        }
      }
      error(
          exchange,
          404,
          UNKNOWN_OPERATION,
          "the local platform serves only List/Get/UpdateEventSourceMapping, not %s %s"
              .formatted(method, path));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Lambda API request %s failed", exchange.getRequestURI());
      error(exchange, 500, "ServiceException", String.valueOf(e.getMessage()));
    }
  }

  private void list(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI());
    String functionName = query.get("FunctionName");
    String eventSourceArn = query.get("EventSourceArn");
    if (functionName != null
        && mappings.stream()
            .noneMatch(m -> LocalFunctionNames.identifies(functionName, m.function()))) {
      error(
          exchange,
          404,
          RESOURCE_NOT_FOUND,
          "Function not found: %s (not running on the local platform)".formatted(functionName));
      return;
    }
    List<EventSourceMapping> matching =
        mappings.stream()
            .filter(
                m ->
                    functionName == null
                        || LocalFunctionNames.identifies(functionName, m.function()))
            .filter(m -> eventSourceArn == null || m.queueArn().equals(eventSourceArn))
            .toList();
    int from;
    int size;
    try {
      from = Integer.parseInt(query.getOrDefault("Marker", "0"));
      size = Integer.parseInt(query.getOrDefault("MaxItems", Integer.toString(MAX_ITEMS)));
    } catch (NumberFormatException e) {
      error(
          exchange,
          400,
          INVALID_PARAMETER,
          "Marker and MaxItems must be numbers: " + e.getMessage());
      return;
    }
    if (from < 0 || from > matching.size() || size < 1 || size > MAX_ITEMS) {
      error(
          exchange,
          400,
          INVALID_PARAMETER,
          "Marker %d or MaxItems %d out of range (1..%d items)".formatted(from, size, MAX_ITEMS));
      return;
    }
    int to = Math.min(matching.size(), from + size);
    Map<String, Object> page = new LinkedHashMap<>();
    page.put(
        "EventSourceMappings",
        matching.subList(from, to).stream().map(EventSourceMappingConfiguration::of).toList());
    if (to < matching.size()) {
      page.put("NextMarker", Integer.toString(to));
    }
    respond(exchange, 200, page);
  }

  private void get(HttpExchange exchange, String uuid) throws IOException {
    Optional<EventSourceMapping> mapping = find(uuid);
    if (mapping.isEmpty()) {
      notFound(exchange, uuid);
      return;
    }
    respond(exchange, 200, EventSourceMappingConfiguration.of(mapping.get()));
  }

  /**
   * Applies Enabled. Any other field is refused rather than ignored: the local mappings take their
   * batch size, window and concurrency from the topology, and a caller must not believe it changed
   * them.
   */
  private void update(HttpExchange exchange, String uuid) throws IOException {
    Optional<EventSourceMapping> mapping = find(uuid);
    if (mapping.isEmpty()) {
      notFound(exchange, uuid);
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    } catch (JsonProcessingException e) {
      error(exchange, 400, INVALID_PARAMETER, "the body is not JSON: " + e.getOriginalMessage());
      return;
    }
    if (body == null || !body.isObject()) {
      error(exchange, 400, INVALID_PARAMETER, "the body must be a JSON object");
      return;
    }
    for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!field.equals(ENABLED)) {
        error(
            exchange,
            400,
            INVALID_PARAMETER,
            "the local platform changes only Enabled, not %s (the topology sets the rest)"
                .formatted(field));
        return;
      }
    }
    JsonNode enabled = body.get(ENABLED);
    if (enabled != null && !enabled.isBoolean()) {
      error(exchange, 400, INVALID_PARAMETER, "Enabled must be true or false, was " + enabled);
      return;
    }
    if (enabled != null) {
      mapping.get().setEnabled(enabled.booleanValue());
    }
    // Lambda answers an update with 202 and the mapping in its new (possibly transitional) state
    respond(exchange, 202, EventSourceMappingConfiguration.of(mapping.get()));
  }

  private Optional<EventSourceMapping> find(String uuid) {
    return mappings.stream().filter(m -> m.uuid().equals(uuid)).findFirst();
  }

  private static void notFound(HttpExchange exchange, String uuid) throws IOException {
    error(
        exchange,
        404,
        RESOURCE_NOT_FOUND,
        "The resource you requested does not exist. (event source mapping %s)".formatted(uuid));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      parameters.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    exchange.getResponseHeaders().add(ERROR_TYPE_HEADER, type);
    // Lambda's error body: who is at fault (the caller, or the service) and why
    respond(
        exchange, status, Map.of("Type", status >= 500 ? "Service" : "User", "Message", message));
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
