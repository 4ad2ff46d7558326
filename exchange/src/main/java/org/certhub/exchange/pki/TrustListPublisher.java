package org.certhub.exchange.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.pki.Pem;
import org.certhub.signer.qr.SignedTrustList;
import org.certhub.signer.qr.TrustedKey;

/**
 * The signed trust list QR verifiers cache (issue 6): every issuing department's licence-signing certificate that is
 * in force, by {@code kid}, signed by the hub. Rebuilt at most once a minute, and at once after a revocation or a
 * key rotation ({@link #invalidate()}), so a verifier that refreshes sees a revoked key go.
 */
public class TrustListPublisher {
  /** How long a verifier may use a fetched list. */
  public static final Duration TTL = Duration.ofHours(24);
  private static final Duration REBUILD = Duration.ofMinutes(1);
  private final CertificateRegistry certificates;
  private final KeyHandle hubKey;
  private final Clock clock;
  private byte[] current;
  private Instant builtAt;

  public TrustListPublisher(CertificateRegistry certificates, KeyHandle hubKey, Clock clock) {
    this.certificates = certificates;
    this.hubKey = hubKey;
    this.clock = clock;
  }

  /** The current signed list (COSE_Sign1 bytes). */
  public synchronized byte[] current() throws SignerException {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(builtAt.plus(REBUILD))) {
      List<TrustedKey> keys = new ArrayList<>();
      for (IssuedCertificate c : certificates.ofPurpose(IssuerKeys.PURPOSE)) {
        if ("good".equals(c.status(now)) && c.departmentCode() != null) {
          keys.add(new TrustedKey(c.departmentCode(), Pem.parseCertificate(c.pem())));
        }
      }
      current = SignedTrustList.sign(keys, hubKey, now, TTL);
      builtAt = now;
    }
    return current.clone();
  }

  /** Forgets the current list, after a certificate was revoked or a key rotated. */
  public synchronized void invalidate() {
    current = null;
  }
}
