package dev.iceflow.local.localstack;

import cloud.localstack.Localstack;
import cloud.localstack.docker.annotation.LocalstackDockerConfiguration;
import dev.iceflow.testkit.junit.LocalAwsExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Profile {@code localstack} only (registered by extension auto-detection, which only that profile
 * turns on): before the first test class, points the integration tests at LocalStack on port 4566.
 * If nothing answers there (no {@code docker compose up}), it starts LocalStack in Docker through
 * localstack-utils and stops it when the test JVM is done.
 */
public final class LocalStackExtension implements BeforeAllCallback {

  private static final String HOST = "localhost";
  private static final int EDGE_PORT = 4566;
  private static final String IMAGE_TAG = "3.8";
  private static final int CONNECT_TIMEOUT_MS = 500;
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("localstack", k -> start(), Started.class);
  }

  private static Started start() {
    boolean startHere = !answers();
    if (startHere) {
      Localstack.INSTANCE.startup(
          LocalstackDockerConfiguration.builder()
              .imageTag(IMAGE_TAG)
              .environmentVariables(Map.of("SERVICES", "s3,sqs,sns,kms,sts,glue"))
              .build());
    }
    System.setProperty(LocalAwsExtension.ENDPOINT_PROPERTY, "http://%s:%d".formatted(HOST, EDGE_PORT));
    return new Started(startHere);
  }

  private static boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, EDGE_PORT), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException nothingThere) {
      return false;
    }
  }

  @SuppressWarnings("deprecation") // CloseableResource is what JUnit closes on root teardown
  private record Started(boolean here) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      if (here) {
        Localstack.INSTANCE.stop();
      }
    }
  }
}
