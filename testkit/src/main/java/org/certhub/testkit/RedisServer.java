package org.certhub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for one test class: {@code redis-server} from the PATH ({@code .ci/run} installs it) on a free port,
 * without persistence, so a test can stop it mid-test and start it again on the same port. Never the machine's own
 * Redis, which a test must not flush or stop.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private RedisServer(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts one on a free port. */
  public static RedisServer start() {
    try {
      RedisServer s = new RedisServer(freePort(), Files.createTempDirectory("certhub-redis"));
      s.restart();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Kills the server at once (no shutdown save: there is nothing to save), and waits until the port is closed. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts it again on the same port, empty, and waits until it accepts connections. */
  public void restart() {
    stop();
    try {
      process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
              "--appendonly", "no", "--dir", dir.toString()))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server is not on the PATH (.ci/run installs the redis-server package): " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + dir.resolve("redis.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        s.getOutputStream().write("PING\r\n".getBytes());
        byte[] reply = new byte[7];
        if (s.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG")) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("redis-server did not answer on port " + port + " within 20 s; see " + dir.resolve("redis.log"));
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
