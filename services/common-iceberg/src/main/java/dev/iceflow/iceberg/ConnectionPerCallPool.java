package dev.iceflow.iceberg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * A JdbcCatalog client "pool" that opens a fresh connection for every call and closes it after.
 *
 * <p>Why: JdbcCatalog.initialize (Iceberg 1.10) leaves DatabaseMetaData result sets open on a
 * pooled connection. On SQLite an open result set is an open read transaction, so that connection
 * pins an old snapshot forever: in rollback-journal mode it blocks every other process's commit, in
 * WAL mode its own later commits fail with SQLITE_BUSY_SNAPSHOT. Closing the connection after each
 * call ends whatever it left open. SQLite connections are a file open, so this costs next to
 * nothing.
 */
final class ConnectionPerCallPool extends JdbcClientPool {

  private static final String SQLITE_DRIVER = "org.sqlite.JDBC";

  ConnectionPerCallPool(String uri, Map<String, String> properties) {
    super(1, uri, properties);
    registerDriver();
  }

  /**
   * DriverManager only hands out drivers registered through the caller's class loader; where
   * several loaders meet (Quarkus tests, Lambda runtimes), register SQLite's through ours.
   */
  private static void registerDriver() {
    try {
      Class.forName(SQLITE_DRIVER, true, ConnectionPerCallPool.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "the local catalog needs " + SQLITE_DRIVER + " (sqlite-jdbc) on the classpath", e);
    }
  }

  @Override
  public <R> R run(Action<R, Connection, SQLException> action)
      throws SQLException, InterruptedException {
    return run(action, true);
  }

  @Override
  public <R> R run(Action<R, Connection, SQLException> action, boolean retry) throws SQLException {
    try (Connection connection = newClient()) {
      return action.run(connection);
    }
  }
}
