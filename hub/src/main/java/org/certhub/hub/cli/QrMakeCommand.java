package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.licence.LicenceRepository;
import org.certhub.exchange.licence.StoredLicence;
import org.certhub.hub.HubApplication;
import org.certhub.hub.config.LocalDatabaseAccess;
import org.certhub.hub.keys.DepartmentKeys;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Pkcs12KeyStore;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.qr.QrImages;
import org.certhub.signer.qr.QrPresentations;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certhub qr make --data DIR --licence ID}: the QR presentation of a licence the hub holds, signed
 * with its issuer's licence-signing key from the data directory ({@code keys/hub.p12}, opened with
 * {@code CERTHUB_KEYSTORE_PASSWORD}, or the demo password on demo data). Works beside a running hub: the
 * database is read through the running hub's loopback server ({@code LocalDatabaseAccess}), or from the file; when the hub runs
 * on PostgreSQL, from the database {@code --db-url} (default {@code CERTHUB_DB_URL}) names. Prints the {@code CH1:} text;
 * {@code --png} also writes the QR code. Exit 0 when made; 1 when the licence cannot be presented (unknown,
 * not valid, unknown field, lifetime past its validity); 2 when the data directory or key store cannot be read.
 */
@Command(name = "make", mixinStandardHelpOptions = true, description = "Make the signed QR presentation of a licence the hub holds.")
public final class QrMakeCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "certhub-data", description = "the hub's data directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--licence", required = true, paramLabel = "ID", description = "the licence id")
  String licenceId;

  @Option(names = "--fields", split = ",", paramLabel = "NAME", description = "fields to disclose, comma-separated (default: none)")
  List<String> fields = List.of();

  @Option(names = "--lifetime", defaultValue = "5m", paramLabel = "DURATION", converter = Durations.class,
      description = "how long the presentation is accepted, e.g. 5m, 2h, 365d for a printed QR (default: ${DEFAULT-VALUE})")
  Duration lifetime;

  @Option(names = "--png", paramLabel = "FILE", description = "also write the QR code as a PNG image")
  Path png;

  @Option(names = "--db-url", defaultValue = "${env:CERTHUB_DB_URL}", paramLabel = "JDBC-URL",
      description = "the hub's database when it is not the embedded H2, as the hub's CERTHUB_DB_URL (default: that variable);"
          + " the user and password come from CERTHUB_DB_USER and CERTHUB_DB_PASSWORD")
  String dbUrl;

  @Option(names = "--db-user", defaultValue = "${env:CERTHUB_DB_USER}", paramLabel = "USER", description = "the database user (default: CERTHUB_DB_USER)")
  String dbUser;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path keyStore = data.resolve("keys").resolve("hub.p12");
    Path database = data.resolve("db").resolve("certhub.mv.db");
    boolean embedded = dbUrl == null || dbUrl.isBlank();
    if (!Files.isRegularFile(keyStore) || embedded && !Files.isRegularFile(database)) {
      return fail(err, 2, "%s is not a CertHub data directory: it must hold keys/hub.p12 and db/certhub.mv.db (start the hub on it"
          + " once, or give --data)", data.toAbsolutePath().normalize());
    }
    Optional<String> password = password();
    if (password.isEmpty()) {
      return fail(err, 2, "CERTHUB_KEYSTORE_PASSWORD must be set to open %s (only demo data directories have a default)", keyStore);
    }

    StoredLicence stored;
    int statusIndex;
    LicenceType type;
    // The running hub's loopback server if it is up, else the database file itself.
    SingleConnectionDataSource db = embedded
        ? new SingleConnectionDataSource(LocalDatabaseAccess.jdbcUrl(data.resolve("db")), "sa", "", true)
        : new SingleConnectionDataSource(dbUrl, dbUser, Optional.ofNullable(System.getenv("CERTHUB_DB_PASSWORD")).orElse(""), true);
    try {
      LicenceRepository licences = new LicenceRepository(JdbcClient.create(db));
      Optional<StoredLicence> found = licences.findById(licenceId);
      if (found.isEmpty()) {
        return fail(err, 1, "no licence %s in %s", licenceId, data.toAbsolutePath().normalize());
      }
      stored = found.get();
      Optional<Integer> index = licences.statusIndex(licenceId);
      if (index.isEmpty()) {
        return fail(err, 1, "licence %s has no status-list index (issued before status lists), so a verifier could not see a"
            + " revocation: issue a new version to present it", licenceId);
      }
      statusIndex = index.get();
      Optional<LicenceType> foundType = new CatalogueRepository(JdbcClient.create(db)).find(stored.signed().licence().typeCode());
      if (foundType.isEmpty()) {
        return fail(err, 1, "licence %s has type %s, which the hub's catalogue lacks: its fields could not be named",
            licenceId, stored.signed().licence().typeCode());
      }
      type = foundType.get();
    } catch (DataAccessException e) {
      return fail(err, 2, "cannot read the hub database %s: %s", embedded ? database : dbUrl, e.getMostSpecificCause().getMessage());
    } finally {
      db.destroy();
    }

    Licence licence = stored.signed().licence();
    String status = stored.statusOn(LocalDate.now(ZoneOffset.UTC));
    if (!"valid".equals(status)) {
      return fail(err, 1, "licence %s is %s%s%s: only a valid licence can be presented", licenceId, status,
          stored.statusAt() == null ? "" : " since " + stored.statusAt(),
          stored.statusReason() != null ? " (" + stored.statusReason() + ")"
              : stored.supersededBy() != null ? " by " + stored.supersededBy() : "");
    }
    Set<String> disclosed = new LinkedHashSet<>(fields);
    for (String f : disclosed) {
      if (!licence.fields().containsKey(f)) {
        return fail(err, 1, "licence %s has no field \"%s\"; its fields are %s", licenceId, f, licence.fields().keySet());
      }
    }
    if (lifetime.compareTo(QrPresentations.MAX_LIFETIME) > 0 || lifetime.toNanosPart() != 0) {
      return fail(err, 1, "--lifetime %s must be whole seconds up to %s, as a presentation carries it",
          Durations.format(lifetime), Durations.format(QrPresentations.MAX_LIFETIME));
    }
    Instant now = Instant.now();
    if (licence.validUntil() != null) {
      // The presentation carries no validity dates, so it must not outlive the licence's last day (UTC, as the hub counts).
      Instant lastMoment = licence.validUntil().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      if (now.plus(lifetime).isAfter(lastMoment)) {
        return fail(err, 1, "--lifetime %s would outlast licence %s, valid until %s: at most %s", Durations.format(lifetime),
            licenceId, licence.validUntil(), Durations.format(Duration.between(now, lastMoment)));
      }
    }

    String text;
    try {
      Pkcs12KeyStore store;
      try {
        store = Pkcs12KeyStore.openOrCreate(keyStore, password.get().toCharArray());
      } catch (SignerException e) {
        return fail(err, 2, "cannot open %s with the %s: %s", keyStore,
            fromEnvironment() ? "password in CERTHUB_KEYSTORE_PASSWORD" : "demo password (set CERTHUB_KEYSTORE_PASSWORD if the hub runs with"
                + " another)", e.getMessage());
      }
      String alias = DepartmentKeys.alias(licence.issuerCode());
      if (!store.contains(alias)) {
        return fail(err, 2, "%s holds no licence-signing key for issuer %s (alias %s); keys on a PKCS#11 token cannot be used here",
            keyStore, licence.issuerCode(), alias);
      }
      KeyHandle key = store.key(alias);
      Instant certificateEnd = key.chain().get(0).getNotAfter().toInstant();
      if (now.plus(lifetime).isAfter(certificateEnd)) {
        return fail(err, 1, "--lifetime %s would outlast issuer %s's signing certificate, valid until %s: at most %s",
            Durations.format(lifetime), licence.issuerCode(), certificateEnd, Durations.format(Duration.between(now, certificateEnd)));
      }
      text = QrPresentations.make(licence, type, key, disclosed, now, lifetime, statusIndex);
    } catch (SignerException e) {
      return fail(err, 2, "issuer %s's key failed to sign: %s", licence.issuerCode(), e.getMessage());
    }
    out.println(text);
    out.flush();
    if (png != null) {
      try {
        Files.write(png, QrImages.png(text));
      } catch (IOException e) {
        return fail(err, 2, "cannot write %s: %s", png, e.getMessage());
      }
      err.printf("wrote %s (%d characters, valid until %s)%n", png, text.length(), now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS));
      err.flush();
    }
    return 0;
  }

  /** CERTHUB_KEYSTORE_PASSWORD, as the hub reads it; on demo data the hub's demo default when it is unset. */
  private Optional<String> password() {
    if (fromEnvironment()) {
      return Optional.of(System.getenv("CERTHUB_KEYSTORE_PASSWORD"));
    }
    return demo() ? Optional.of(HubApplication.DEMO_KEYSTORE_PASSWORD) : Optional.empty();
  }

  private static boolean fromEnvironment() {
    String env = System.getenv("CERTHUB_KEYSTORE_PASSWORD");
    return env != null && !env.isEmpty();
  }

  /** Demo mode writes {@code DATA/demo}; a production data directory has none. */
  private boolean demo() {
    return Files.isDirectory(data.resolve("demo"));
  }

  static int fail(PrintWriter err, int code, String format, Object... args) {
    err.printf(format + "%n", args);
    err.flush();
    return code;
  }
}
