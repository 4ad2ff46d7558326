package org.certhub.signer.seal;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;

/**
 * Stamps content with a seal (签章): makes a GB/T 38540-2020 (v4) {@code SES_Signature} over the SM3
 * digest of the content, signed with the signer's SM2 key.
 *
 * <p>The signer's certificate must be authorised by the seal (listed in {@code certList} or matching one
 * of its digests), the seal must be a v4 seal and within its validity window now: otherwise nothing is
 * signed.
 */
public final class Stamper {

  private final KeyHandle key;
  private final Clock clock;
  private final Optional<Function<byte[], byte[]>> timeStamper;

  /**
   * Creates a stamper that makes stamps without a timestamp.
   *
   * @param key the signer's SM2 key with its certificate chain (leaf first), not null
   * @param clock the source of {@code timeInfo}, not null
   */
  public Stamper(KeyHandle key, Clock clock) {
    this(key, clock, Optional.empty());
  }

  /**
   * Creates a stamper that adds an RFC 3161 timestamp over each signature value.
   *
   * @param key the signer's SM2 key with its certificate chain (leaf first), not null
   * @param clock the source of {@code timeInfo}, not null
   * @param timeStamper maps the signature value to a DER TimeStampToken over it, e.g. a call to a TSA;
   *     it may throw an unchecked exception, reported as a {@link SignerException}
   */
  public Stamper(KeyHandle key, Clock clock, Function<byte[], byte[]> timeStamper) {
    this(key, clock, Optional.of(Objects.requireNonNull(timeStamper, "timeStamper")));
  }

  private Stamper(KeyHandle key, Clock clock, Optional<Function<byte[], byte[]>> timeStamper) {
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeStamper = timeStamper;
    if (key.algorithm() != SignatureAlgorithm.SM2_SM3) {
      throw new IllegalArgumentException("key must be an SM2 key (GB/T 38540), but was: " + key.algorithm());
    }
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException("key.chain must hold the signer's certificate, but was: empty");
    }
  }

  /**
   * Stamps {@code content}.
   *
   * @param seal a v4 seal authorising this stamper's certificate, not null
   * @param content the bytes to protect (OFD: the {@code Signature.xml}), not null
   * @param propertyInfo free text describing the original, IA5 characters, not null
   * @return the stamp with its DER encoding
   * @throws SignerException if the seal is not v4, does not authorise the signer or is outside its
   *     validity window, or if signing or time-stamping fails
   */
  public Stamp stamp(Seal seal, byte[] content, String propertyInfo) throws SignerException {
    Objects.requireNonNull(content, "content");
    return stampDigest(seal, DigestAlgorithm.SM3.digest(content), propertyInfo);
  }

  /**
   * Stamps content known only by its SM3 digest (the hub stamps documents it never sees).
   *
   * @param seal a v4 seal authorising this stamper's certificate, not null
   * @param dataHash the 32-byte SM3 digest of the protected content, not null
   * @param propertyInfo free text describing the original, IA5 characters, not null
   * @return the stamp with its DER encoding
   * @throws SignerException as {@link #stamp}
   */
  public Stamp stampDigest(Seal seal, byte[] dataHash, String propertyInfo) throws SignerException {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(dataHash, "dataHash");
    Objects.requireNonNull(propertyInfo, "propertyInfo");
    if (dataHash.length != 32) {
      throw new IllegalArgumentException("dataHash must be a 32-byte SM3 digest, but was: " + dataHash.length + " bytes");
    }
    if (!propertyInfo.chars().allMatch(c -> c < 0x80)) {
      throw new IllegalArgumentException("propertyInfo must be IA5 (ASCII) characters, but was: \"" + propertyInfo + "\"");
    }
    if (seal.version() != SealVersion.V4) {
      throw new SignerException("seal.version must be V4 (the only version written), but was: " + seal.version());
    }
    byte[] cert = SealMaker.encoded(key.chain().get(0));
    if (!authorises(seal.info().property(), cert)) {
      throw new SignerException("seal " + seal.info().esId() + " certList must authorise the signer's certificate "
          + key.chain().get(0).getSubjectX500Principal().getName() + ", but was: not listed");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    SealInfo.Property p = seal.info().property();
    if (now.isBefore(p.validStart()) || now.isAfter(p.validEnd())) {
      throw new SignerException("now must be within the seal's validity window [" + p.validStart() + ", " + p.validEnd()
          + "], but was: " + now);
    }
    byte[] toSign = SealCodec.encodeToSign(seal, now, dataHash.clone(), propertyInfo);
    String oid = key.algorithm().oid();
    byte[] signature = key.sign(toSign);
    Optional<byte[]> token = Optional.empty();
    if (timeStamper.isPresent()) {
      try {
        token = Optional.of(Objects.requireNonNull(timeStamper.get().apply(signature.clone()), "time-stamp token"));
      } catch (RuntimeException e) {
        throw new SignerException("timeStamper must return a token over the signature value, but failed: " + e, e);
      }
    }
    return SealCodec.readStamp(SealCodec.encodeStamp(toSign, cert, oid, signature, token));
  }

  /**
   * Returns whether the seal authorises the DER certificate {@code cert}: listed byte for byte, or
   * its digest listed under a known algorithm name.
   */
  static boolean authorises(SealInfo.Property property, byte[] cert) {
    for (byte[] c : property.certificates()) {
      if (MessageDigest.isEqual(c, cert)) {
        return true;
      }
    }
    for (SealInfo.CertDigest d : property.certDigests()) {
      Optional<DigestAlgorithm> alg = digestAlgorithm(d.algorithm());
      if (alg.isPresent() && MessageDigest.isEqual(alg.get().digest(cert), d.value())) {
        return true;
      }
    }
    return false;
  }

  /** The digest named in a {@code CertDigestObj.type}: the JCA name, the prefix, or the OID. */
  static Optional<DigestAlgorithm> digestAlgorithm(String name) {
    String n = name.strip();
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      if (a.jcaName().equalsIgnoreCase(n) || a.prefix().equalsIgnoreCase(n) || a.oid().equals(n)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
