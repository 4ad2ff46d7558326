package org.certhub.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot application: the hub's web service, assembled from the exchange and the libraries. */
@SpringBootApplication(scanBasePackages = {"org.certhub.hub", "org.certhub.exchange"})
public class HubApplication {

  /** A demo-only key store password, used when none is configured for {@code demo} (and by CLI tools on demo data). */
  public static final String DEMO_KEYSTORE_PASSWORD = "certhub-demo-only";

  /**
   * Binds the TCP port H2 opens for local tools (see {@code LocalDatabaseAccess}) to loopback instead of every
   * interface. H2 reads the property once, so call this before the first connection.
   */
  public static void keepDatabaseServerOnLoopback() {
    System.getProperties().putIfAbsent("h2.bindAddress", "127.0.0.1");
  }

  /**
   * Starts the hub and returns once it serves.
   *
   * @param dataDir the data directory (created if missing)
   * @param port the HTTPS port; 0 picks a free one
   * @param demo whether to seed demo data on first start
   * @param extra further properties as {@code name=value}, highest precedence
   */
  public static ConfigurableApplicationContext start(Path dataDir, int port, boolean demo, Map<String, String> extra) {
    keepDatabaseServerOnLoopback();
    List<String> args = new ArrayList<>();
    args.add("--certhub.data-dir=" + dataDir.toAbsolutePath().normalize());
    args.add("--server.port=" + port);
    args.add("--certhub.demo=" + demo);
    extra.forEach((k, v) -> args.add("--" + k + "=" + v));
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(HubApplication.class).web(WebApplicationType.SERVLET);
    if (demo) {
      // Lowest precedence: CERTHUB_KEYSTORE_PASSWORD or certhub.keystore-password still win.
      builder.properties(Map.of("certhub.keystore-password", DEMO_KEYSTORE_PASSWORD));
    }
    return builder.run(args.toArray(new String[0]));
  }
}
