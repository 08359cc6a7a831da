package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.EmulatorCredentials;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Function;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * Iceberg's REST catalog protocol on a loopback port, serving the run's catalog (the JdbcCatalog on
 * SQLite the tools and PyIceberg read), as AWS Glue's Iceberg REST endpoint serves the Data
 * Catalog: the functions reach either with the same RESTCatalog client. The protocol is Iceberg's
 * own code (RESTCatalogAdapter and RESTCatalogServlet, what Iceberg's REST fixture serves); a
 * commit stays JdbcCatalog's conditional UPDATE behind it, so a concurrent one fails cleanly (HTTP
 * 409, a CommitFailedException in the client) as Glue's version check makes it fail. Requests must
 * carry a SigV4 signature for Glue ({@link GlueSigV4Required}).
 */
public final class IcebergRestServer implements AutoCloseable {

  private final Server server;
  private final Catalog backend;

  private IcebergRestServer(Server server, Catalog backend) {
    this.server = server;
    this.backend = backend;
  }

  /**
   * Serves {@code backend} (closed with this server) to callers signing with keys {@code keys}
   * knows.
   */
  public static IcebergRestServer start(
      Catalog backend, Function<String, Optional<EmulatorCredentials>> keys) {
    Server server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.addFilter(
        new FilterHolder(new GlueSigV4Required(keys)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(
        new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(backend))), "/*");
    server.setHandler(context);
    IcebergRestServer rest = new IcebergRestServer(server, backend);
    try {
      server.start();
      return rest;
    } catch (Exception e) {
      rest.close();
      throw new IllegalStateException("cannot start the local Iceberg REST catalog", e);
    }
  }

  /** Where the functions' REST catalog points (iceflow.catalog.uri). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getURI().getPort() + "/");
  }

  @Override
  public void close() {
    try {
      server.stop();
      if (backend instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local Iceberg REST catalog", e);
    }
  }
}
