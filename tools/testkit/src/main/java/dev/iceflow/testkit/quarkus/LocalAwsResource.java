package dev.iceflow.testkit.quarkus;

import dev.iceflow.local.emulator.ServiceConfig;
import dev.iceflow.testkit.aws.SharedLocalAws;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(LocalAwsResource.class)}: boots a service under test against the
 * embedded AWS, configured as {@link ServiceConfig} describes.
 */
public final class LocalAwsResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return ServiceConfig.of(SharedLocalAws.get());
  }

  @Override
  public void stop() {
    // the shared emulator outlives one service boot; it stops with the JVM
  }
}
