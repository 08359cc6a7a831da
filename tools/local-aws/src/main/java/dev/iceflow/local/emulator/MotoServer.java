package dev.iceflow.local.emulator;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A moto server process on a free loopback port. Moto serves every AWS API on one endpoint; its
 * state lives in the process, so each start is a clean account. It enforces IAM from its first
 * request (tools/local/python/iam_enforcing_moto.py): the operator signs with test/test, an
 * administrator, and each function with keys carrying its own policy.
 */
public final class MotoServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MotoServer.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final String HEALTH_PATH = "/moto-api/";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final long STOP_GRACE_SECONDS = 5;

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private final Thread shutdownHook = new Thread(this::close, "stop-moto-server");

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    // Ctrl-C or a kill of this JVM must not leave the emulator running
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code launcher} (moto_server's arguments) with {@code python} and waits until it
   * answers; its output goes to {@code log}.
   */
  public static MotoServer start(Path python, Path launcher, Path log) {
    int port = freePort();
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(
                  python.toString(),
                  launcher.toString(),
                  "-H",
                  LOOPBACK,
                  "-p",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      MotoServer server =
          new MotoServer(process, URI.create("http://%s:%d".formatted(LOOPBACK, port)), log);
      server.awaitReady();
      LOG.infof("moto server up at %s (pid %d, log %s)", server.endpoint, process.pid(), log);
      return server;
    } catch (IOException e) {
      throw new EmulatorException("cannot start " + launcher, e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new EmulatorException(
            "moto server exited with code %d during start-up; see %s"
                .formatted(process.exitValue(), log));
      }
      if (answers()) {
        return;
      }
      sleep(POLL_INTERVAL);
    }
    close();
    throw new EmulatorException(
        "moto server did not answer within %s; see %s".formatted(STARTUP_TIMEOUT, log));
  }

  private boolean answers() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) endpoint.resolve(HEALTH_PATH).toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try {
        return connection.getResponseCode() == HttpURLConnection.HTTP_OK;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs (or ran) this same close
      }
    }
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmulatorException("no free loopback port", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("interrupted while waiting for moto server", e);
    }
  }
}
