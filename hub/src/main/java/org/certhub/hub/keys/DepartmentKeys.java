package org.certhub.hub.keys;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.pki.IssuerKeys;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Pkcs11KeyStore;
import org.certhub.signer.pki.CertificateProfile;

/**
 * Issuing departments' licence-signing keys. Two custodies behind the same port: the hub's PKCS#12 key
 * store (default; alias {@code dept-<code>-sign}), or a PKCS#11 token when one is configured, where keys
 * are generated on the token and never leave it (aliases {@code dept-<code>-sign-<epoch second>}; the
 * newest is current, older ones stay for the record). Certificates go through the CA register, so
 * revocation and the CRL know them.
 */
public final class DepartmentKeys implements IssuerKeys, AutoCloseable {
  static final Duration VALIDITY = Duration.ofDays(3 * 365);
  private final HubKeys hubKeys;
  private final CertificateService certificates;
  private final SignatureAlgorithm algorithm;
  private final Pkcs11KeyStore token;
  private final Clock clock;

  /** PKCS#12 custody. */
  public DepartmentKeys(HubKeys hubKeys, CertificateService certificates, SignatureAlgorithm algorithm) {
    this(hubKeys, certificates, algorithm, null, Clock.systemUTC());
  }

  /**
   * Custody on {@code token} when it is not null, else in the hub's PKCS#12 store.
   *
   * @throws IllegalArgumentException if the token cannot hold keys of {@code algorithm}
   */
  public DepartmentKeys(HubKeys hubKeys, CertificateService certificates, SignatureAlgorithm algorithm, Pkcs11KeyStore token, Clock clock) {
    if (token != null && algorithm != SignatureAlgorithm.ECDSA_P256_SHA256) {
      IllegalArgumentException refused =
          new IllegalArgumentException(
              "certhub.licence-algorithm must be ECDSA_P256_SHA256 when department keys are on a PKCS#11 token (SunPKCS11 has no SM2 or"
                  + " EdDSA mechanism), but was: " + algorithm);
      try {
        token.close();
      } catch (SignerException e) {
        refused.addSuppressed(e);
      }
      throw refused;
    }
    this.hubKeys = hubKeys;
    this.certificates = certificates;
    this.algorithm = algorithm;
    this.token = token;
    this.clock = clock;
  }

  @Override
  public KeyHandle signingKey(String departmentCode) {
    try {
      if (token != null) {
        String alias =
            currentTokenAlias(departmentCode)
                .orElseThrow(() -> new IllegalStateException("department " + departmentCode + " has no licence-signing key on the token"));
        return token.key(alias);
      }
      return hubKeys.store().key(alias(departmentCode));
    } catch (SignerException e) {
      throw new IllegalStateException("department " + departmentCode + " has no usable licence-signing key: " + e.getMessage(), e);
    }
  }

  /**
   * Creates (or replaces) a department's licence-signing key and certificate (DOCUMENT_SIGNING profile).
   * The certificate subject carries the department's code, which licence verification binds to the issuer.
   */
  @Override
  public X509Certificate create(String departmentCode, String departmentName) throws SignerException {
    if (token != null) {
      String alias = alias(departmentCode) + "-" + clock.instant().getEpochSecond();
      if (token.contains(alias)) {
        alias = alias + "-" + System.nanoTime();
      }
      KeyHandle key = token.generate(alias, algorithm, pub -> certificates.chainOf(certify(departmentCode, departmentName, pub)));
      return key.chain().get(0);
    }
    KeyPair kp = Keys.generate(algorithm);
    X509Certificate cert = certify(departmentCode, departmentName, kp.getPublic());
    hubKeys.store().put(alias(departmentCode), kp.getPrivate(), certificates.chainOf(cert));
    return cert;
  }

  private X509Certificate certify(String departmentCode, String departmentName, PublicKey key) throws SignerException {
    return certificates.issue(
        SubjectNames.organisation(departmentName, departmentCode), key, CertificateProfile.DOCUMENT_SIGNING, List.of(), VALIDITY, departmentCode,
        PURPOSE);
  }

  /** Whether the department already has a signing key. */
  public boolean has(String departmentCode) {
    return token != null ? currentTokenAlias(departmentCode).isPresent() : hubKeys.store().contains(alias(departmentCode));
  }

  /** Logs out of the token, if any. */
  @Override
  public void close() throws SignerException {
    if (token != null) {
      token.close();
    }
  }

  /** Whether keys are generated on a PKCS#11 token. */
  public boolean onToken() {
    return token != null;
  }

  private Optional<String> currentTokenAlias(String departmentCode) {
    String prefix = alias(departmentCode) + "-";
    return token.aliases().stream()
        .filter(a -> a.startsWith(prefix))
        .max(Comparator.comparingLong((String a) -> Long.parseLong(a.substring(prefix.length()).split("-")[0])).thenComparing(a -> a));
  }

  /** The department code behind a key-store alias, or null if the alias is not a department key. */
  static String departmentOf(String alias) {
    return alias.startsWith("dept-") && alias.endsWith("-sign") ? alias.substring(5, alias.length() - 5).toUpperCase(Locale.ROOT) : null;
  }

  /** The key-store alias of a department's licence-signing key in the hub's PKCS#12 store. */
  public static String alias(String departmentCode) {
    return "dept-" + departmentCode.toLowerCase(Locale.ROOT) + "-sign";
  }
}
