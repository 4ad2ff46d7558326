package org.certhub.exchange.pki;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.pki.Pem;
import org.certhub.signer.qr.SignedTrustList;
import org.certhub.signer.qr.TrustList;
import org.certhub.signer.qr.TrustedKey;
import org.certhub.signer.qr.TrustedType;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.web.SignedSnapshot;

/**
 * The signed trust list QR verifiers cache (issue 6): every issuing department's licence-signing certificate that is
 * in force, by {@code kid}, and every licence type of the catalogue (code, name, fields in order: presentations name
 * fields by index), signed by the hub. Rebuilt at most once a minute, and at once after a revocation or a key rotation
 * ({@link #invalidate()}), so a verifier that refreshes sees a revoked key go and a new type come.
 */
public class TrustListPublisher {
  /** How long a verifier may use a fetched list. */
  public static final Duration TTL = Duration.ofHours(24);
  private final SignedSnapshot snapshot;

  public TrustListPublisher(CertificateRegistry certificates, CatalogueRepository catalogue, KeyHandle hubKey, Clock clock) {
    this.snapshot = new SignedSnapshot(Duration.ofMinutes(1), clock, now -> {
      List<TrustedKey> keys = new ArrayList<>();
      for (IssuedCertificate c : certificates.ofPurpose(IssuerKeys.PURPOSE)) {
        if ("good".equals(c.status(now)) && c.departmentCode() != null) {
          keys.add(new TrustedKey(c.departmentCode(), Pem.parseCertificate(c.pem())));
        }
      }
      List<TrustedType> types = catalogue.all().all().stream().map(TrustedType::of).toList();
      return SignedTrustList.sign(new TrustList(keys, types), hubKey, now, TTL);
    });
  }

  /** The current signed list (COSE_Sign1 bytes). */
  public byte[] current() throws SignerException {
    return snapshot.current();
  }

  /** Forgets the current list, after a certificate was revoked or a key rotated. */
  public void invalidate() {
    snapshot.invalidate();
  }
}
