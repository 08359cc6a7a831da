package dev.iceflow.local.junit;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the embedded AWS once per test JVM (the first class that asks) and stops it when the JVM's
 * tests are done. Test classes get the {@link LocalAws} as a parameter.
 *
 * <p>With {@code -Diceflow.aws.endpoint=http://localhost:4566} it provisions that emulator instead
 * (LocalStack from docker-compose.yml) and leaves its life to whoever started it.
 */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {

  /** System property: endpoint of an emulator that is already running. */
  public static final String ENDPOINT_PROPERTY = "iceflow.aws.endpoint";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalAwsExtension.class);
  private static final String KEY = "local-aws";

  @Override
  public void beforeAll(ExtensionContext context) {
    localAws(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalAws.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return localAws(context);
  }

  private static LocalAws localAws(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, k -> new Running(start()), Running.class)
        .localAws();
  }

  private static LocalAws start() {
    ProjectLayout layout = ProjectLayout.discover();
    String endpoint = System.getProperty(ENDPOINT_PROPERTY, "");
    return endpoint.isBlank()
        ? LocalAws.start(layout)
        : LocalAws.attach(layout, URI.create(endpoint));
  }

  /** Closed by JUnit when the root context (the whole test run of this JVM) ends. */
  @SuppressWarnings(
      "deprecation") // CloseableResource is what JUnit 5.x (and still 6.0) closes on teardown
  private record Running(LocalAws localAws) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      localAws.close();
    }
  }
}
