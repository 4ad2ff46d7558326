package org.certhub.signer.pki;

import java.util.List;
import java.util.OptionalInt;

/**
 * Certificate profiles: each fixes BasicConstraints, KeyUsage and ExtendedKeyUsage (RFC 5280
 * §4.2.1.9, §4.2.1.3, §4.2.1.12).
 *
 * <p>All keys in the registry are signature keys (SM2, ECDSA, Ed25519), so no profile carries
 * {@code keyEncipherment}: that bit only applies to RSA key transport (RFC 5480 §3, RFC 8410 §5).
 *
 * <table>
 *   <caption>Profiles</caption>
 *   <tr><th>profile</th><th>CA</th><th>pathLen</th><th>keyUsage</th><th>extendedKeyUsage</th></tr>
 *   <tr><td>ROOT_CA</td><td>true</td><td>none</td><td>keyCertSign, cRLSign</td><td>-</td></tr>
 *   <tr><td>ISSUING_CA</td><td>true</td><td>0</td><td>keyCertSign, cRLSign</td><td>-</td></tr>
 *   <tr><td>TLS_SERVER</td><td>false</td><td>-</td><td>digitalSignature</td><td>serverAuth</td></tr>
 *   <tr><td>TLS_CLIENT</td><td>false</td><td>-</td><td>digitalSignature</td><td>clientAuth</td></tr>
 *   <tr><td>DOCUMENT_SIGNING</td><td>false</td><td>-</td><td>digitalSignature,
 *       nonRepudiation</td><td>-</td></tr>
 *   <tr><td>LOG_SIGNING</td><td>false</td><td>-</td><td>digitalSignature</td><td>-</td></tr>
 *   <tr><td>SEAL_MAKER</td><td>false</td><td>-</td><td>digitalSignature,
 *       nonRepudiation</td><td>documentSigning</td></tr>
 *   <tr><td>TIME_STAMPING</td><td>false</td><td>-</td><td>digitalSignature,
 *       nonRepudiation</td><td>timeStamping only, critical</td></tr>
 * </table>
 *
 * <p>ExtendedKeyUsage is non-critical except for {@link #TIME_STAMPING}, where RFC 3161 §2.3 requires
 * exactly {@code id-kp-timeStamping} in a critical extension; a validator then also requires that
 * exact form ({@link #extendedKeyUsageExact()}).
 */
public enum CertificateProfile {
  /** Self-signed root CA: CA true, no path length limit, keyCertSign and cRLSign. */
  ROOT_CA(true, -1, List.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), List.of()),
  /** Issuing (subordinate) CA: CA true, pathLen 0, keyCertSign and cRLSign. */
  ISSUING_CA(true, 0, List.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), List.of()),
  /** TLS server: digitalSignature, EKU id-kp-serverAuth (1.3.6.1.5.5.7.3.1). */
  TLS_SERVER(false, -1, List.of(KeyUsageBit.DIGITAL_SIGNATURE), List.of("1.3.6.1.5.5.7.3.1")),
  /** TLS client (mTLS department identity): digitalSignature, EKU id-kp-clientAuth (1.3.6.1.5.5.7.3.2). */
  TLS_CLIENT(false, -1, List.of(KeyUsageBit.DIGITAL_SIGNATURE), List.of("1.3.6.1.5.5.7.3.2")),
  /** Document (licence, seal) signing: digitalSignature and nonRepudiation (contentCommitment). */
  DOCUMENT_SIGNING(
      false, -1, List.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.NON_REPUDIATION), List.of()),
  /** Transparency-log checkpoint signing: digitalSignature. */
  LOG_SIGNING(false, -1, List.of(KeyUsageBit.DIGITAL_SIGNATURE), List.of()),
  /**
   * Seal maker (制章者, the seal-making authority of GB/T 38540): the organisation that signs SESeal
   * structures. digitalSignature and nonRepudiation, EKU id-kp-documentSigning
   * (1.3.6.1.5.5.7.3.36, RFC 9336).
   */
  SEAL_MAKER(false, -1, List.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.NON_REPUDIATION),
      List.of("1.3.6.1.5.5.7.3.36")),
  /**
   * Time-stamping authority (RFC 3161 §2.3): digitalSignature and nonRepudiation, EKU exactly
   * id-kp-timeStamping (1.3.6.1.5.5.7.3.8), critical.
   */
  TIME_STAMPING(false, -1, List.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.NON_REPUDIATION),
      List.of("1.3.6.1.5.5.7.3.8"), true);

  /** The KeyUsage bits of RFC 5280 §4.2.1.3 that profiles use, with their bit positions. */
  public enum KeyUsageBit {
    /** digitalSignature (0). */
    DIGITAL_SIGNATURE(0, "digitalSignature"),
    /** nonRepudiation / contentCommitment (1). */
    NON_REPUDIATION(1, "nonRepudiation"),
    /** keyCertSign (5). */
    KEY_CERT_SIGN(5, "keyCertSign"),
    /** cRLSign (6). */
    CRL_SIGN(6, "cRLSign");

    private final int bit;
    private final String rfcName;

    KeyUsageBit(int bit, String rfcName) {
      this.bit = bit;
      this.rfcName = rfcName;
    }

    /**
     * Returns the bit position, the index into {@code X509Certificate.getKeyUsage()}.
     *
     * @return 0 to 8
     */
    public int bit() {
      return bit;
    }

    /**
     * Returns the RFC 5280 name.
     *
     * @return for example {@code "keyCertSign"}
     */
    public String rfcName() {
      return rfcName;
    }
  }

  private final boolean ca;
  private final int pathLength;
  private final List<KeyUsageBit> keyUsage;
  private final List<String> extendedKeyUsage;
  private final boolean extendedKeyUsageExact;

  CertificateProfile(boolean ca, int pathLength, List<KeyUsageBit> keyUsage, List<String> eku) {
    this(ca, pathLength, keyUsage, eku, false);
  }

  CertificateProfile(
      boolean ca, int pathLength, List<KeyUsageBit> keyUsage, List<String> eku, boolean ekuExact) {
    this.ca = ca;
    this.pathLength = pathLength;
    this.keyUsage = keyUsage;
    this.extendedKeyUsage = eku;
    this.extendedKeyUsageExact = ekuExact;
  }

  /**
   * Returns whether the profile is a CA (BasicConstraints cA = TRUE).
   *
   * @return true for {@link #ROOT_CA} and {@link #ISSUING_CA}
   */
  public boolean ca() {
    return ca;
  }

  /**
   * Returns the BasicConstraints pathLenConstraint.
   *
   * @return 0 for {@link #ISSUING_CA}; empty for unlimited or end-entity profiles
   */
  public OptionalInt pathLength() {
    return pathLength < 0 ? OptionalInt.empty() : OptionalInt.of(pathLength);
  }

  /**
   * Returns the KeyUsage bits the profile sets, and a validator requires.
   *
   * @return an unmodifiable list
   */
  public List<KeyUsageBit> keyUsage() {
    return keyUsage;
  }

  /**
   * Returns the ExtendedKeyUsage purpose OIDs the profile sets, and a validator requires.
   *
   * @return an unmodifiable list, empty when the profile carries no EKU extension
   */
  public List<String> extendedKeyUsage() {
    return extendedKeyUsage;
  }

  /**
   * Returns whether the ExtendedKeyUsage extension is critical and must list exactly {@link
   * #extendedKeyUsage()}, nothing more (RFC 3161 §2.3 for {@link #TIME_STAMPING}).
   *
   * @return true for {@link #TIME_STAMPING}
   */
  public boolean extendedKeyUsageExact() {
    return extendedKeyUsageExact;
  }
}
