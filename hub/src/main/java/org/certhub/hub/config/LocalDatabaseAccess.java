package org.certhub.hub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import org.h2.tools.Server;

/**
 * Lets local tools ({@code certhub qr make}) read the hub's H2 database while the hub runs: an H2 TCP server on a
 * loopback port that serves only this database, under a random name kept in a file only the hub's user can read.
 * H2's own AUTO_SERVER would do the same but requires dropping DB_CLOSE_ON_EXIT=FALSE, and then H2's exit hook
 * closes the database under requests still finishing during a graceful shutdown.
 */
public final class LocalDatabaseAccess implements AutoCloseable {
  /** The file in the database directory that tells local tools where to connect. */
  public static final String FILE = "local-access.properties";
  private final Server server;
  private final Path file;

  private LocalDatabaseAccess(Server server, Path file) {
    this.server = server;
    this.file = file;
  }

  /**
   * Starts serving {@code dbDir/certhub} and writes the access file (mode 0600).
   *
   * @param dbDir the hub's database directory
   */
  public static LocalDatabaseAccess start(Path dbDir) throws SQLException, IOException {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String key = HexFormat.of().formatHex(secret);
    // No -tcpAllowOthers: H2 refuses connections from other hosts; -ifExists: nobody creates databases through it.
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifExists", "-key", key, dbDir.resolve("certhub").toAbsolutePath().toString());
    server.start();
    Properties p = new Properties();
    p.setProperty("url", "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + key);
    Path file = dbDir.resolve(FILE);
    Path tmp = dbDir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(out, "written by the running hub for local tools; removed at shutdown");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new LocalDatabaseAccess(server, file);
  }

  /**
   * The JDBC URL a local tool should use for the database in {@code dbDir}: the running hub's server when it
   * answers, else the file itself (a file left by a hub that was killed points at a closed port).
   */
  public static String jdbcUrl(Path dbDir) {
    return running(dbDir).filter(LocalDatabaseAccess::answers)
        .orElse("jdbc:h2:file:" + dbDir.resolve("certhub").toAbsolutePath().normalize() + ";IFEXISTS=TRUE");
  }

  private static boolean answers(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("jdbc:h2:tcp://127\\.0\\.0\\.1:(\\d+)/.*").matcher(url);
    if (!m.matches()) {
      return false;
    }
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The running hub's access URL, if its file is there. */
  static Optional<String> running(Path dbDir) {
    Path file = dbDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(p.getProperty("url"));
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
    server.stop();
  }
}
