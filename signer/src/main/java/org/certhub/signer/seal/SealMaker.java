package org.certhub.signer.seal;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;

/**
 * Makes GB/T 38540-2020 (v4) seals, signed with a seal maker's (制章者) SM2 key.
 *
 * <p>The maker signs DER {@code SEQUENCE {eSealInfo, cert, signAlgID}}, binding its certificate and the
 * algorithm as well as the seal information (docs/seals.md explains the choice; {@link SealVerifier}
 * also accepts a signature over {@code eSealInfo} alone).
 */
public final class SealMaker {

  /** Header version written. */
  static final int VERSION = 4;

  private final KeyHandle key;
  private final String vendorId;
  private final Clock clock;

  /**
   * Creates a maker.
   *
   * @param key the maker's SM2 key with its certificate chain (leaf first), not null
   * @param vendorId the {@code SES_Header.Vid} to write, printable ASCII
   * @param clock the source of {@code createDate}, not null
   * @throws IllegalArgumentException if the vendor ID is not printable ASCII, or the key is not SM2 or has no
   *     certificate
   */
  public SealMaker(KeyHandle key, String vendorId, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.vendorId = Objects.requireNonNull(vendorId, "vendorId");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (vendorId.isEmpty() || !vendorId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("vendorId must be non-empty printable ASCII (IA5), but was: \"" + vendorId + "\"");
    }
    if (key.algorithm() != SignatureAlgorithm.SM2_SM3) {
      throw new IllegalArgumentException("key must be an SM2 key (GB/T 38540), but was: " + key.algorithm());
    }
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException("key.chain must hold the seal maker's certificate, but was: empty");
    }
  }

  /**
   * Makes and signs a seal; {@code createDate} is now by the clock. Times are written in whole seconds.
   *
   * @param request what the seal says, not null
   * @return the v4 seal with its DER encoding
   * @throws SignerException if the key fails to sign or a certificate cannot be encoded
   */
  public Seal make(SealRequest request) throws SignerException {
    Objects.requireNonNull(request, "request");
    List<byte[]> certs = new ArrayList<>();
    List<SealInfo.CertDigest> digests = new ArrayList<>();
    for (X509Certificate c : request.signers()) {
      byte[] der = encoded(c);
      Optional<DigestAlgorithm> digest = request.signerDigests();
      if (digest.isPresent()) {
        digests.add(new SealInfo.CertDigest(digest.get().jcaName(), digest.get().digest(der)));
      } else {
        certs.add(der);
      }
    }
    SealInfo.Property property = new SealInfo.Property(request.type(), request.name(),
        digests.isEmpty() ? SealInfo.Property.CERTIFICATES : SealInfo.Property.DIGESTS, certs, digests,
        clock.instant(), request.validStart(), request.validEnd());
    SealInfo info = new SealInfo(new SealInfo.Header("ES", VERSION, vendorId), request.esId(), property, request.picture(), List.of());
    byte[] infoDer = SealCodec.encodeSealInfo(info);
    byte[] makerCert = encoded(key.chain().get(0));
    String oid = key.algorithm().oid();
    byte[] signature = key.sign(SealCodec.makerSignedBytes(infoDer, makerCert, oid));
    return SealCodec.readSeal(SealCodec.encodeSeal(infoDer, makerCert, oid, signature));
  }

  static byte[] encoded(X509Certificate c) throws SignerException {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new SignerException("certificate must be DER encodable, but was: " + e.getMessage(), e);
    }
  }
}
