package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.EmulatorCredentials;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.jboss.logging.Logger;

/**
 * Iceberg's REST catalog protocol on a loopback port, serving the run's catalog (the JdbcCatalog on
 * SQLite the tools and PyIceberg read), as AWS Glue's Iceberg REST endpoint serves the Data
 * Catalog: the functions reach either with the same RESTCatalog client. The protocol is Iceberg's
 * own code (RESTCatalogAdapter and RESTCatalogServlet, what Iceberg's REST fixture serves); a
 * commit stays JdbcCatalog's conditional UPDATE behind it, so a concurrent one fails cleanly (HTTP
 * 409, a CommitFailedException in the client) as Glue's version check makes it fail.
 *
 * <p>Requests must carry a SigV4 signature for Glue ({@link GlueSigV4Required}), and each caller is
 * served by a catalog whose S3FileIO signs with the caller's own keys: the table metadata the
 * server reads and writes for a function is read and written as that function, so the emulator
 * holds it to its generated policy, which grants the warehouse either way.
 */
public final class IcebergRestServer implements AutoCloseable {

  private final Server server;
  private final CallerCatalogs catalogs;

  private IcebergRestServer(Server server, CallerCatalogs catalogs) {
    this.server = server;
    this.catalogs = catalogs;
  }

  /**
   * Serves the catalog {@code catalogAs} opens for a caller (closed with this server) to callers
   * signing with keys {@code keys} knows.
   */
  public static IcebergRestServer start(
      Function<EmulatorCredentials, Catalog> catalogAs,
      Function<String, Optional<EmulatorCredentials>> keys) {
    Server server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    CallerCatalogs catalogs = new CallerCatalogs(catalogAs);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.addFilter(
        new FilterHolder(new GlueSigV4Required(keys)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(catalogs), "/*");
    server.setHandler(context);
    IcebergRestServer rest = new IcebergRestServer(server, catalogs);
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
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local Iceberg REST catalog", e);
    } finally {
      catalogs.close();
    }
  }

  /**
   * Hands each request to Iceberg's servlet over the catalog of the caller who signed it. The
   * servlet logs every error it answers with at ERROR with a stack trace, including the outcomes a
   * client expects (404 for a table-exists check before a create, 409 for a commit that lost a
   * race), which would bury the demo's output; the client gets each error either way, and a server
   * error (5xx) is logged here once.
   */
  private static final class CallerCatalogs extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(CallerCatalogs.class);
    private static final int SERVER_ERROR = 500;

    /** Held: a java.util.logging logger keeps its level only while referenced. */
    private static final java.util.logging.Logger SERVLET_LOG = quietServletLog();

    private final transient Function<EmulatorCredentials, Catalog> catalogAs;
    private final transient Map<EmulatorCredentials, Catalog> catalogs = new ConcurrentHashMap<>();
    private final transient Map<EmulatorCredentials, RESTCatalogServlet> servlets =
        new ConcurrentHashMap<>();

    CallerCatalogs(Function<EmulatorCredentials, Catalog> catalogAs) {
      this.catalogAs = catalogAs;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      EmulatorCredentials caller =
          (EmulatorCredentials) request.getAttribute(GlueSigV4Required.CALLER);
      servlets
          .computeIfAbsent(
              caller,
              c ->
                  new RESTCatalogServlet(
                      new RESTCatalogAdapter(catalogs.computeIfAbsent(c, catalogAs))))
          .service(request, response);
      if (response.getStatus() >= SERVER_ERROR) {
        LOG.warnf(
            "local REST catalog answered %d to %s %s (caller %s)",
            response.getStatus(),
            request.getMethod(),
            request.getRequestURI(),
            caller.accessKeyId());
      }
    }

    private static java.util.logging.Logger quietServletLog() {
      java.util.logging.Logger log =
          java.util.logging.Logger.getLogger(RESTCatalogServlet.class.getName());
      log.setLevel(java.util.logging.Level.OFF);
      return log;
    }

    void close() {
      for (Catalog catalog : catalogs.values()) {
        if (catalog instanceof AutoCloseable closeable) {
          try {
            closeable.close();
          } catch (Exception e) {
            throw new IllegalStateException("cannot close a local REST catalog's backend", e);
          }
        }
      }
    }
  }
}
