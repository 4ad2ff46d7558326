package org.certhub.hub.keys;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.certhub.exchange.file.FileSeals;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealMaker;
import org.certhub.signer.seal.SealPictures;
import org.certhub.signer.seal.SealRequest;

/**
 * A stand-in for the seal registry behind licence files: the hub's own seal-maker key (SM2, SEAL_MAKER profile,
 * alias {@value #ALIAS} in hub.p12, made on first use) makes each department one v4 seal per signing certificate,
 * drawn as a round red seal with its name, valid as long as that certificate, kept in memory (made again after a
 * restart; its esID is stable: department code and certificate digest). The registry replaces this class.
 */
public final class StandInFileSeals implements FileSeals {
  static final String ALIAS = "seal-maker";
  private static final Duration MAKER_VALIDITY = Duration.ofDays(5 * 365);
  private final HubKeys keys;
  private final Clock clock;
  private final Map<String, Seal> seals = new ConcurrentHashMap<>();

  /** Uses the hub's key store and CA. */
  public StandInFileSeals(HubKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Seal sealFor(String departmentCode, String departmentName, KeyHandle signer) throws SignerException {
    X509Certificate cert = signer.chain().get(0);
    String esId = departmentCode + "-" + digest(cert);
    Seal seal = seals.get(esId);
    Instant now = clock.instant();
    if (seal != null && !now.isAfter(seal.info().property().validEnd())) {
      return seal;
    }
    SealRequest request = new SealRequest(esId, 1, departmentName, List.of(cert), Optional.empty(), now.minus(Duration.ofMinutes(5)),
        cert.getNotAfter().toInstant(), SealPictures.png(departmentName, 10));
    Seal made = new SealMaker(maker(), "CertHub", clock).make(request);
    seals.put(esId, made);
    return made;
  }

  private synchronized KeyHandle maker() throws SignerException {
    if (!keys.store().contains(ALIAS)) {
      KeyPair kp = Keys.generate(SignatureAlgorithm.SM2_SM3);
      X509Certificate cert = keys.issue("CN=CertHub Seal Maker,O=CertHub,C=CN", kp.getPublic(), CertificateProfile.SEAL_MAKER, List.of(),
          MAKER_VALIDITY);
      keys.store().put(ALIAS, kp.getPrivate(), keys.chainOf(cert));
    }
    return keys.store().key(ALIAS);
  }

  private static String digest(X509Certificate cert) throws SignerException {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()), 0, 6);
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new SignerException("the signer's certificate must be DER encodable, but was: " + e.getMessage(), e);
    }
  }
}
