package org.certhub.hub.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Pkcs12KeyStore;
import org.certhub.signer.pki.CertificateAuthority;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.pki.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's keys, created on first start in the data directory and reloaded after.
 *
 * <ul>
 *   <li>{@code keys/hub.p12} (signer's PKCS#12 store): the root and issuing CA, the response-signing key,
 *       the time-stamping authority's key and departments' licence-signing keys; used only through {@link
 *       KeyHandle}s.
 *   <li>{@code keys/service.p12} (JDK PKCS#12): keys that engines need as JCA key objects: the TLS server
 *       key (for JSSE), the ledger's Ed25519 checkpoint key, and the secret for holder pseudonyms.
 * </ul>
 *
 * <p>Both are protected by one password that comes from configuration or the environment, never from a
 * file next to the stores.
 */
public final class HubKeys {
  private static final Logger log = LoggerFactory.getLogger(HubKeys.class);
  static final String ROOT = "root-ca";
  static final String ISSUING = "issuing-ca";
  static final String RESPONSE = "response";
  static final String TLS = "tls";
  static final String LEDGER = "ledger";
  static final String PSEUDONYM = "holder-pseudonym";
  static final String LEDGER_SM2 = "ledger-sm2";
  static final String TSA = "tsa";
  static final String SEAL_MAKER = "seal-maker";

  private final Path dir;
  private final char[] password;
  private final Pkcs12KeyStore store;
  private final KeyStore service;
  private final Clock clock;
  private final String crlUrl;

  private HubKeys(Path dir, char[] password, Pkcs12KeyStore store, KeyStore service, Clock clock, String crlUrl) {
    this.dir = dir;
    this.password = password;
    this.store = store;
    this.service = service;
    this.clock = clock;
    this.crlUrl = crlUrl;
  }

  /**
   * Opens the hub's keys in {@code dataDir/keys}, creating the CA, TLS, response, ledger and pseudonym
   * keys on first start.
   *
   * @param tlsNames DNS names and IP addresses the TLS certificate must cover
   * @param crlUrl the CRL distribution point written into every certificate the issuing CA makes
   */
  public static HubKeys openOrCreate(
      Path dataDir, char[] password, Clock clock, List<String> tlsNames, String ledgerOrigin, String crlUrl)
      throws SignerException, IOException, GeneralSecurityException {
    Path dir = dataDir.resolve("keys");
    Files.createDirectories(dir);
    Pkcs12KeyStore store = Pkcs12KeyStore.openOrCreate(dir.resolve("hub.p12"), password);
    KeyStore service = KeyStore.getInstance("PKCS12");
    Path servicePath = dir.resolve("service.p12");
    if (Files.exists(servicePath)) {
      try (InputStream in = Files.newInputStream(servicePath)) {
        service.load(in, password);
      }
    } else {
      service.load(null, password);
    }
    HubKeys keys = new HubKeys(dir, password.clone(), store, service, clock, crlUrl);
    keys.bootstrap(tlsNames, ledgerOrigin);
    return keys;
  }

  private void bootstrap(List<String> tlsNames, String ledgerOrigin)
      throws SignerException, IOException, GeneralSecurityException {
    Instant now = clock.instant();
    if (!store.contains(ROOT)) {
      log.info("first start: creating the hub root and issuing CA in {}", dir);
      KeyPair rootKey = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      CertificateAuthority root =
          CertificateAuthority.createRoot(
              "CN=CertHub Root CA,O=CertHub", rootKey, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(20 * 365)));
      store.put(ROOT, rootKey.getPrivate(), root.chain());
      KeyPair issuingKey = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      CertificateAuthority issuing =
          root.createSubordinate(
              "CN=CertHub Issuing CA,O=CertHub", issuingKey, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(10 * 365)));
      store.put(ISSUING, issuingKey.getPrivate(), issuing.chain());
    }
    if (!store.contains(RESPONSE)) {
      // Ed25519: every pull and check answer is signed, and it signs 2.5x faster than P-256 here (docs/benchmarks.md).
      KeyPair kp = Keys.generate(SignatureAlgorithm.ED25519);
      X509Certificate cert = issue("CN=CertHub response signing,O=CertHub", kp.getPublic(), CertificateProfile.DOCUMENT_SIGNING, List.of(), Duration.ofDays(2 * 365));
      store.put(RESPONSE, kp.getPrivate(), chainOf(cert));
    }
    if (!store.contains(LEDGER_SM2)) {
      // The checkpoints' GM second signature (SM2 with SM3), beside the Ed25519 one that C2SP tools read.
      KeyPair kp = Keys.generate(SignatureAlgorithm.SM2_SM3);
      X509Certificate cert = issue("CN=" + ledgerOrigin + " SM2,O=CertHub", kp.getPublic(), CertificateProfile.LOG_SIGNING, List.of(), Duration.ofDays(10 * 365));
      store.put(LEDGER_SM2, kp.getPrivate(), chainOf(cert));
    }
    if (!store.contains(TSA)) {
      // RFC 3161 TSA: P-256 so 'openssl ts -verify' checks its tokens; EKU exactly timeStamping, critical (TIME_STAMPING).
      KeyPair kp = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      X509Certificate cert = issue("CN=CertHub Time-Stamping Authority,O=CertHub", kp.getPublic(), CertificateProfile.TIME_STAMPING, List.of(), Duration.ofDays(5 * 365));
      store.put(TSA, kp.getPrivate(), chainOf(cert));
    }
    if (!store.contains(SEAL_MAKER)) {
      // GB/T 38540 seal maker (制章者): SM2, as the standard requires; SEAL_MAKER profile.
      KeyPair kp = Keys.generate(SignatureAlgorithm.SM2_SM3);
      X509Certificate cert = issue("CN=CertHub Seal Maker,O=CertHub", kp.getPublic(), CertificateProfile.SEAL_MAKER, List.of(), Duration.ofDays(10 * 365));
      store.put(SEAL_MAKER, kp.getPrivate(), chainOf(cert));
    }
    boolean changed = false;
    if (!service.containsAlias(TLS)) {
      KeyPair kp = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      X509Certificate cert = issue("CN=CertHub hub,O=CertHub", kp.getPublic(), CertificateProfile.TLS_SERVER, tlsNames, Duration.ofDays(397));
      service.setKeyEntry(TLS, kp.getPrivate(), password, chainOf(cert).toArray(new Certificate[0]));
      changed = true;
    }
    if (!service.containsAlias(LEDGER)) {
      KeyPair kp = Keys.generate(SignatureAlgorithm.ED25519);
      X509Certificate cert = issue("CN=" + ledgerOrigin + ",O=CertHub", kp.getPublic(), CertificateProfile.LOG_SIGNING, List.of(), Duration.ofDays(10 * 365));
      service.setKeyEntry(LEDGER, kp.getPrivate(), password, chainOf(cert).toArray(new Certificate[0]));
      changed = true;
    }
    if (!service.containsAlias(PSEUDONYM)) {
      KeyGenerator gen = KeyGenerator.getInstance("HmacSHA256");
      gen.init(256);
      service.setEntry(PSEUDONYM, new KeyStore.SecretKeyEntry(gen.generateKey()), new KeyStore.PasswordProtection(password));
      changed = true;
    }
    if (changed) {
      saveService();
    }
  }

  /**
   * Issues a certificate from the hub's issuing CA, back-dated five minutes so a relying party with a slow
   * clock accepts it at once; names that look like IP addresses become IP SANs.
   */
  public X509Certificate issue(String subjectDn, java.security.PublicKey key, CertificateProfile profile, List<String> names, Duration validity)
      throws SignerException {
    Instant now = clock.instant();
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    for (String n : names) {
      (n.matches("[0-9.]+|.*:.*") ? ips : dns).add(n);
    }
    return issuingCa()
        .issue(
            new CertificateRequest(
                subjectDn, key, profile, now.minus(Duration.ofMinutes(5)), now.plus(validity), dns, ips));
  }

  /** The certificate chain for a leaf issued by the issuing CA: leaf, issuing CA (the root is the anchor). */
  public List<X509Certificate> chainOf(X509Certificate leaf) throws SignerException {
    return List.of(leaf, issuingCa().certificate());
  }

  /** The hub's issuing CA; its certificates name the CRL distribution point. */
  public CertificateAuthority issuingCa() throws SignerException {
    return CertificateAuthority.of(store.key(ISSUING)).withCrlDistributionPoint(crlUrl);
  }

  /** The issuing CA's own certificate. */
  public X509Certificate issuingCertificate() throws SignerException {
    return store.chain(ISSUING).get(0);
  }

  /**
   * The hub's own certificates by register purpose (root-ca, issuing-ca, response-signing, time-stamping,
   * tls-server, log-signing), for the CA register at start.
   */
  public java.util.Map<String, X509Certificate> ownCertificates() throws SignerException, GeneralSecurityException {
    java.util.Map<String, X509Certificate> out = new java.util.LinkedHashMap<>();
    out.put("root-ca", rootCertificate());
    out.put("issuing-ca", issuingCertificate());
    out.put("response-signing", store.chain(RESPONSE).get(0));
    out.put("time-stamping", store.chain(TSA).get(0));
    out.put("seal-making", store.chain(SEAL_MAKER).get(0)); // registered, so an admin can revoke it like any other
    out.put("tls-server", (X509Certificate) service.getCertificate(TLS));
    out.put("log-signing", ledgerCertificate());
    return out;
  }

  /** The hub's root CA certificate: the trust anchor for TLS and every signature the hub makes. */
  public X509Certificate rootCertificate() throws SignerException {
    return store.chain(ROOT).get(0);
  }

  /**
   * The root and the issuing CA certificates in PEM, root first, as {@code /pki/ca.pem} serves them: the {@code ca.pem}
   * files the hub writes. Seals and stamps carry leaf certificates only, so an offline verifier needs the issuing CA
   * to reach the root; the root stays the one anchor (the verify commands trust self-signed certificates only).
   */
  public String caPem() throws SignerException {
    return Pem.certificates(List.of(rootCertificate(), issuingCertificate()));
  }

  /** The key the hub signs API responses with. */
  public KeyHandle responseKey() throws SignerException {
    return store.key(RESPONSE);
  }

  /** The key of the hub's RFC 3161 time-stamping authority, with its chain (TSA certificate, issuing CA). */
  public KeyHandle tsaKey() throws SignerException {
    return store.key(TSA);
  }

  /** The key of the hub's seal maker (制章者) that signs departments' e-seals, with its chain. */
  public KeyHandle sealMakerKey() throws SignerException {
    return store.key(SEAL_MAKER);
  }

  /** The signer's key store, for departments' signing keys. */
  public Pkcs12KeyStore store() {
    return store;
  }

  /** A JDK key store holding only the TLS server key and chain, for the web server. */
  public KeyStore tlsKeyStore() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, password);
    ks.setKeyEntry(TLS, service.getKey(TLS, password), password, service.getCertificateChain(TLS));
    return ks;
  }

  /** The password protecting the TLS key store entries (same as the stores'). */
  public String tlsKeyPassword() {
    return new String(password);
  }

  /** The ledger's Ed25519 checkpoint-signing key. */
  public PrivateKey ledgerPrivateKey() throws GeneralSecurityException {
    return (PrivateKey) service.getKey(LEDGER, password);
  }

  /** The ledger key's certificate (its public key is the checkpoint verifier key). */
  public X509Certificate ledgerCertificate() throws GeneralSecurityException {
    return (X509Certificate) service.getCertificate(LEDGER);
  }

  /** The ledger's SM2 cosigning key (checkpoints carry its signature as a second, type 0xff line). */
  public KeyHandle ledgerSm2Key() throws SignerException {
    return store.key(LEDGER_SM2);
  }

  /** The secret that turns holder identifiers into pseudonyms. */
  public SecretKey pseudonymKey() throws GeneralSecurityException {
    return (SecretKey) service.getKey(PSEUDONYM, password);
  }

  private void saveService() throws IOException, GeneralSecurityException {
    Path target = dir.resolve("service.p12");
    Path tmp = dir.resolve("service.p12.tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      service.store(out, password);
    }
    restrict(tmp);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: rely on the directory's permissions.
    }
  }

  /** Forgets the in-memory password copy. */
  public void destroy() {
    Arrays.fill(password, '\0');
  }
}
