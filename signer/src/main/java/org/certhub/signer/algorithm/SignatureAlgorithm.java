package org.certhub.signer.algorithm;

import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/**
 * The closed registry of signature algorithms, each fixed by its OID.
 *
 * <ul>
 *   <li>{@link #SM2_SM3}: SM2 (GB/T 32918-2016) with SM3 on curve sm2p256v1, the default user ID
 *       {@code 1234567812345678} (GB/T 35276-2017 §5.3) and DER-encoded {@code SEQUENCE {r, s}}.
 *   <li>{@link #ECDSA_P256_SHA256}: ECDSA on NIST P-256 with SHA-256 (FIPS 186-4, RFC 5758 §3.2), DER.
 *   <li>{@link #ED25519}: pure Ed25519 (RFC 8032 §5.1, RFC 8410).
 * </ul>
 *
 * <p>A key fixes its algorithm ({@link #forKey(PublicKey)}); no public API takes a key and an
 * algorithm name separately.
 */
public enum SignatureAlgorithm {
  /** SM2 with SM3, OID 1.2.156.10197.1.501, JCA {@code SM3withSM2}. */
  SM2_SM3("1.2.156.10197.1.501", "SM3withSM2", DigestAlgorithm.SM3),
  /** ECDSA P-256 with SHA-256, OID 1.2.840.10045.4.3.2, JCA {@code SHA256withECDSA}. */
  ECDSA_P256_SHA256("1.2.840.10045.4.3.2", "SHA256withECDSA", DigestAlgorithm.SHA256),
  /** Ed25519, OID 1.3.101.112, JCA {@code Ed25519}. */
  ED25519("1.3.101.112", "Ed25519", DigestAlgorithm.SHA256);

  private static final ASN1ObjectIdentifier SM2P256V1 = GMObjectIdentifiers.sm2p256v1;
  private static final ASN1ObjectIdentifier P256 = SECObjectIdentifiers.secp256r1;

  private final String oid;
  private final String jcaName;
  private final DigestAlgorithm digest;

  SignatureAlgorithm(String oid, String jcaName, DigestAlgorithm digest) {
    this.oid = oid;
    this.jcaName = jcaName;
    this.digest = digest;
  }

  /**
   * Returns the signature algorithm OID as used in X.509 {@code signatureAlgorithm}.
   *
   * @return the dotted OID
   */
  public String oid() {
    return oid;
  }

  /**
   * Returns the JCA signature name, to be used only with {@link Providers#bc()}.
   *
   * @return {@code "SM3withSM2"}, {@code "SHA256withECDSA"} or {@code "Ed25519"}
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * Returns the digest the algorithm is paired with (for Ed25519, SHA-256 is the digest used for
   * companion values such as key identifiers; Ed25519 itself hashes with SHA-512 internally).
   *
   * @return the paired digest
   */
  public DigestAlgorithm digest() {
    return digest;
  }

  /**
   * Returns the algorithm with the given signature algorithm OID.
   *
   * @param oid a dotted OID, not null
   * @return the matching algorithm
   * @throws UnsupportedAlgorithmException if the OID is not in the registry; the message names it
   */
  public static SignatureAlgorithm forOid(String oid) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(oid, "oid");
    for (SignatureAlgorithm a : values()) {
      if (a.oid.equals(oid)) {
        return a;
      }
    }
    throw new UnsupportedAlgorithmException(
        "signature algorithm OID must be one of [1.2.156.10197.1.501, 1.2.840.10045.4.3.2,"
            + " 1.3.101.112], but was: " + truncate(oid));
  }

  /**
   * Returns the algorithm a public key is bound to, by inspecting its SubjectPublicKeyInfo (RFC 5280
   * §4.1.2.7): id-ecPublicKey on sm2p256v1 is {@link #SM2_SM3}, id-ecPublicKey on P-256 is {@link
   * #ECDSA_P256_SHA256}, id-Ed25519 is {@link #ED25519}.
   *
   * @param key a public key from any provider, not null
   * @return the key's algorithm
   * @throws UnsupportedAlgorithmException for any other key type or curve; the message names it
   */
  public static SignatureAlgorithm forKey(PublicKey key) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(key, "key");
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      throw new UnsupportedAlgorithmException(
          "public key must be X.509 SubjectPublicKeyInfo encodable, but was: "
              + key.getAlgorithm() + " without encoding");
    }
    AlgorithmIdentifier id;
    try {
      id = SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm();
    } catch (RuntimeException e) {
      throw new UnsupportedAlgorithmException(
          "public key must be X.509 SubjectPublicKeyInfo, but was: unparseable "
              + key.getAlgorithm() + " key");
    }
    ASN1ObjectIdentifier alg = id.getAlgorithm();
    if (EdECObjectIdentifiers.id_Ed25519.equals(alg)) {
      return ED25519;
    }
    if (SM2P256V1.equals(alg)) {
      return SM2_SM3;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
      Object params = id.getParameters();
      if (params instanceof ASN1ObjectIdentifier curve) {
        if (SM2P256V1.equals(curve)) {
          return SM2_SM3;
        }
        if (P256.equals(curve)) {
          return ECDSA_P256_SHA256;
        }
        throw new UnsupportedAlgorithmException(
            "public key curve must be one of [sm2p256v1 1.2.156.10197.1.301, P-256"
                + " 1.2.840.10045.3.1.7], but was: " + curve.getId());
      }
      throw new UnsupportedAlgorithmException(
          "public key curve must be a named curve (sm2p256v1 or P-256), but was: explicit or"
              + " implicit parameters");
    }
    throw new UnsupportedAlgorithmException(
        "public key algorithm must be one of [EC sm2p256v1, EC P-256, Ed25519], but was: "
            + key.getAlgorithm() + " " + alg.getId());
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
