package dev.iceflow.local.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) for one
 * function: its runtime long-polls {@code /invocation/next}, then posts a response or an error. The
 * headers are the ones Lambda sets: request id, deadline, function ARN, trace id.
 */
public final class RuntimeApiServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RuntimeApiServer.class);
  private static final String BASE = "/2018-06-01/runtime/";
  private static final String NEXT = BASE + "invocation/next";
  private static final String INIT_ERROR = BASE + "init/error";
  private static final int HANDLER_THREADS = 4;
  private static final double NANOS_PER_MILLI = 1_000_000.0;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String functionArn;
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, Running> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
  private final AtomicInteger waitingNexts = new AtomicInteger();
  private volatile String initError;
  private volatile Runnable inFlightListener = () -> {};
  private volatile Consumer<InvocationOutcome> outcomeListener = outcome -> {};

  /** An invocation the runtime has taken, and when {@code next} handed it out. */
  private record Running(Invocation invocation, long handedOutNanos) {}

  public RuntimeApiServer(String functionArn) throws IOException {
    this.functionArn = functionArn;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(HANDLER_THREADS);
    server.setExecutor(executor);
    server.createContext(BASE, this::route);
    server.start();
  }

  /** Called each time the runtime takes an invocation. */
  public void setInFlightListener(Runnable listener) {
    this.inFlightListener = listener;
  }

  /**
   * Called once for each invocation the runtime took, when it answers it or it is abandoned (a
   * crash, a timeout): on the thread that ended it, so the listener must not block.
   */
  public void setOutcomeListener(Consumer<InvocationOutcome> listener) {
    this.outcomeListener = listener;
  }

  /** Invocations the runtime has taken and not answered yet. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Whether the runtime is waiting in {@code next} for an invocation: it is idle. */
  public boolean isWaitingForWork() {
    return waitingNexts.get() > 0;
  }

  /** host:port, the value of AWS_LAMBDA_RUNTIME_API for the function's process. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Completes when the runtime first asks for work: the end of its cold start (epoch millis). */
  public CompletableFuture<Long> firstNext() {
    return firstNext;
  }

  /** Queues an event for the runtime; the future completes with its response or a FunctionError. */
  public CompletableFuture<byte[]> invoke(byte[] event, long timeoutMillis) {
    if (initError != null) {
      return CompletableFuture.failedFuture(
          new FunctionError("function failed to initialise: " + initError));
    }
    Invocation invocation =
        new Invocation(
            UUID.randomUUID().toString(),
            event,
            System.currentTimeMillis() + timeoutMillis,
            new CompletableFuture<>());
    pending.add(invocation);
    return invocation.result();
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    try {
      if (path.equals(NEXT) && exchange.getRequestMethod().equals("GET")) {
        next(exchange);
      } else if (path.equals(INIT_ERROR)) {
        initError = body(exchange);
        LOG.errorf("%s failed to initialise: %s", functionArn, initError);
        respond(exchange, 202, "");
      } else if (path.startsWith(BASE + "invocation/") && path.endsWith("/response")) {
        complete(exchange, requestId(path), false);
      } else if (path.startsWith(BASE + "invocation/") && path.endsWith("/error")) {
        complete(exchange, requestId(path), true);
      } else {
        respond(exchange, 404, "{\"errorMessage\":\"unknown runtime API path\"}");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 500, "");
    }
  }

  private void next(HttpExchange exchange) throws IOException, InterruptedException {
    firstNext.complete(System.currentTimeMillis());
    Invocation invocation;
    waitingNexts.incrementAndGet();
    try {
      do {
        invocation = pending.poll(1, TimeUnit.SECONDS);
      } while (invocation == null && !executor.isShutdown());
    } finally {
      waitingNexts.decrementAndGet();
    }
    if (invocation == null) {
      respond(exchange, 500, "");
      return;
    }
    inFlight.put(invocation.requestId(), new Running(invocation, System.nanoTime()));
    inFlightListener.run();
    var headers = exchange.getResponseHeaders();
    headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
    headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.add(
        "Lambda-Runtime-Trace-Id",
        "Root=1-%08x-%s;Sampled=1"
            .formatted(
                System.currentTimeMillis() / 1000,
                invocation.requestId().replace("-", "").substring(0, 24)));
    headers.add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(invocation.event());
    }
  }

  private void complete(HttpExchange exchange, String requestId, boolean error) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Running running = inFlight.remove(requestId);
    if (running == null) {
      respond(exchange, 400, "{\"errorMessage\":\"unknown request id\"}");
      return;
    }
    reportEnd(running, error);
    Invocation invocation = running.invocation();
    if (error) {
      invocation
          .result()
          .completeExceptionally(new FunctionError(new String(body, StandardCharsets.UTF_8)));
    } else {
      invocation.result().complete(body);
    }
    respond(exchange, 202, "");
  }

  /** Fails every invocation still waiting or running (the process was killed). */
  public void abandonAll(String reason) {
    for (String requestId : List.copyOf(inFlight.keySet())) {
      Running running = inFlight.remove(requestId);
      if (running != null) {
        reportEnd(running, true);
        running.invocation().result().completeExceptionally(new FunctionError(reason));
      }
    }
  }

  /** Reports an invocation's end before its caller learns it, so its metrics are never behind. */
  private void reportEnd(Running running, boolean error) {
    double millis = (System.nanoTime() - running.handedOutNanos()) / NANOS_PER_MILLI;
    outcomeListener.accept(new InvocationOutcome(Instant.now(), millis, error));
  }

  private static String requestId(String path) {
    String rest = path.substring((BASE + "invocation/").length());
    return rest.substring(0, rest.indexOf('/'));
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    server.stop(0);
    abandonAll("runtime API closed");
  }
}
