package dev.iceflow.testkit.aws;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.net.URI;

/**
 * One embedded AWS per JVM, shared by the JUnit extension and the Quarkus test resource, started on
 * first use and stopped when the JVM exits.
 */
public final class SharedLocalAws {

  /** System property: endpoint of an emulator that is already running (LocalStack). */
  public static final String ENDPOINT_PROPERTY = "iceflow.aws.endpoint";

  private static LocalAws instance;

  private SharedLocalAws() {}

  public static synchronized LocalAws get() {
    if (instance == null) {
      ProjectLayout layout = ProjectLayout.discover();
      String endpoint = System.getProperty(ENDPOINT_PROPERTY, "");
      instance =
          endpoint.isBlank()
              ? LocalAws.start(layout)
              : LocalAws.attach(layout, URI.create(endpoint));
      LocalAws started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-local-aws"));
    }
    return instance;
  }
}
