package dev.iceflow.testkit.junit;

import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.SharedLocalAws;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the embedded AWS once per test JVM (the first class that asks; it stops when the JVM
 * exits). Test classes get the {@link LocalAws} as a parameter.
 *
 * <p>With {@code -Diceflow.aws.endpoint=http://localhost:4566} it provisions that emulator instead
 * (LocalStack from docker-compose.yml) and leaves its life to whoever started it.
 */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {

  /** System property: endpoint of an emulator that is already running. */
  public static final String ENDPOINT_PROPERTY = SharedLocalAws.ENDPOINT_PROPERTY;

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedLocalAws.get();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalAws.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SharedLocalAws.get();
  }
}
