package org.certhub.hub.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's configuration knobs ({@code certhub.*}; environment variables such as
 * {@code CERTHUB_KEYSTORE_PASSWORD} bind too). The README lists them.
 *
 * @param dataDir where keys, database, ledger and demo files live
 * @param keystorePassword protects the key stores; from configuration or environment, never a file
 * @param tlsNames DNS names and IPs the hub's TLS certificate covers (used when it is first made)
 * @param licenceAlgorithm default algorithm for new departments' licence-signing keys
 * @param crlUrl the CRL distribution point written into every certificate the hub CA issues
 * @param ledger ledger settings
 * @param pkcs11 optional PKCS#11 token for departments' signing keys
 * @param rateLimit pulls and checks allowed per department and matter
 * @param webhooks delivery of subscription events
 */
@ConfigurationProperties("certhub")
public record HubProperties(
    Path dataDir,
    String keystorePassword,
    @DefaultValue({"localhost", "127.0.0.1", "::1"}) List<String> tlsNames,
    @DefaultValue("SM2_SM3") SignatureAlgorithm licenceAlgorithm,
    @DefaultValue("https://localhost:8443/pki/crl") String crlUrl,
    @DefaultValue Ledger ledger,
    Pkcs11 pkcs11,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue Webhooks webhooks) {

  public HubProperties {
    if (dataDir == null) {
      throw new IllegalArgumentException("certhub.data-dir must be set (the launcher sets it from --data)");
    }
    if (keystorePassword == null || keystorePassword.isEmpty()) {
      throw new IllegalArgumentException(
          "certhub.keystore-password must be set (for example with the environment variable CERTHUB_KEYSTORE_PASSWORD)");
    }
  }

  /**
   * @param origin the log's origin line and checkpoint key name (a schemeless URL)
   * @param checkpointInterval how often a new checkpoint is signed while entries arrive
   * @param appendTimeout how long a request waits for its entry to become durable before it is refused
   * @param anchorInterval how often the latest checkpoint is anchored (default: an append-only file in
   *     {@code DATA/anchors/})
   * @param sm2Cosignature whether checkpoints also carry an SM2 signature (type 0xff line; key in
   *     {@code DATA/ledger-sm2.vkey})
   * @param journal {@code local} (the ledger's own files, one instance) or {@code kafka} (a topic shared by several
   *     instances, each keeping a replica of the log; needs {@code certhub.kafka.bootstrap-servers}; docs/kafka.md)
   */
  public record Ledger(
      @DefaultValue("certhub.local/ledger") String origin,
      @DefaultValue("1s") Duration checkpointInterval,
      @DefaultValue("30s") Duration appendTimeout,
      @DefaultValue("10s") Duration anchorInterval,
      @DefaultValue("true") boolean sm2Cosignature,
      @DefaultValue("local") String journal) {
    public Ledger {
      if (!"local".equals(journal) && !"kafka".equals(journal)) {
        throw new IllegalArgumentException("certhub.ledger.journal must be local or kafka, but was: " + journal);
      }
    }
  }

  /**
   * A PKCS#11 token (HSM) that holds departments' licence-signing keys; unset means the PKCS#12 store.
   *
   * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
   * @param slot the token's slot ID
   * @param pin the user PIN, from configuration or the environment ({@code CERTHUB_PKCS11_PIN}), never a file
   */
  public record Pkcs11(Path library, Long slot, String pin) {
    public Pkcs11 {
      if (library != null && (slot == null || pin == null || pin.isEmpty())) {
        throw new IllegalArgumentException("certhub.pkcs11.slot and certhub.pkcs11.pin must be set when certhub.pkcs11.library is");
      }
    }
  }

  /**
   * @param perSecond sustained pulls and checks per second per department and matter
   * @param burst how many may come at once
   */
  public record RateLimit(@DefaultValue("500") double perSecond, @DefaultValue("1000") int burst) {}

  /**
   * @param poll how often the outbox is worked off
   * @param retryBase wait after the first failed attempt, doubled per attempt (with jitter)
   * @param retryMax longest wait between attempts
   * @param maxAttempts attempts before a delivery is marked failed
   * @param timeout per attempt
   * @param allowHttp accept plain-http callback URLs (on in demo mode; production wants https)
   */
  public record Webhooks(
      @DefaultValue("500ms") Duration poll,
      @DefaultValue("2s") Duration retryBase,
      @DefaultValue("1h") Duration retryMax,
      @DefaultValue("12") int maxAttempts,
      @DefaultValue("5s") Duration timeout,
      @DefaultValue("false") boolean allowHttp) {}
}
