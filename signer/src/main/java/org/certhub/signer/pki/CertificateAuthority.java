package org.certhub.signer.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;

/**
 * A certification authority that issues X.509 v3 certificates (RFC 5280) with a {@link KeyHandle}.
 *
 * <p>Every certificate gets: a 127-bit positive random serial (CA/B BR §7.1 asks for ≥ 64 random
 * bits), SubjectKeyIdentifier (RFC 5280 §4.2.1.2 method 1) and AuthorityKeyIdentifier, the profile's
 * BasicConstraints (critical), KeyUsage (critical) and ExtendedKeyUsage, subjectAltName when DNS names
 * or IP addresses are requested, and a CRL distribution point when configured with {@link
 * #withCrlDistributionPoint(String)}. The signature algorithm is the CA key's: {@code SM3withSM2} for
 * an SM2 CA, {@code SHA256withECDSA} for a P-256 CA, {@code Ed25519} for an Ed25519 CA; the subject
 * key may be any of the three.
 *
 * <p>It also issues X.509 v2 CRLs ({@link #issueCrl}, RFC 5280 §5) signed with the same key.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CertificateAuthority {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyHandle key;
  private final List<X509Certificate> chain;
  private final String crlDistributionPoint;

  private CertificateAuthority(KeyHandle key, String crlDistributionPoint) {
    this.key = key;
    this.chain = key.chain();
    this.crlDistributionPoint = crlDistributionPoint;
  }

  /**
   * Creates a self-signed root CA ({@link CertificateProfile#ROOT_CA}).
   *
   * @param subjectDn subject and issuer DN, RFC 4514 form
   * @param key the root key pair (SM2, P-256 or Ed25519)
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @return the root CA, whose {@link #chain()} is the root certificate alone
   * @throws SignerException if signing fails
   */
  public static CertificateAuthority createRoot(
      String subjectDn, KeyPair key, Instant notBefore, Instant notAfter) throws SignerException {
    Objects.requireNonNull(key, "key");
    CertificateRequest req =
        CertificateRequest.of(subjectDn, key.getPublic(), CertificateProfile.ROOT_CA, notBefore, notAfter);
    KeyHandle bare = Keys.handle(key);
    X500Name name = CertificateRequest.parseDn(subjectDn, "subjectDn");
    X509Certificate cert = build(req, name, bare, key.getPublic(), null, null);
    return new CertificateAuthority(Keys.handle(key, List.of(cert)), null);
  }

  /**
   * Creates a subordinate, issuing CA ({@link CertificateProfile#ISSUING_CA}, pathLen 0) certified by
   * this CA.
   *
   * @param subjectDn the issuing CA's DN
   * @param subKey the issuing CA's key pair
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @return a CA that signs with {@code subKey}, whose chain is its certificate followed by this
   *     CA's chain; it inherits this CA's CRL distribution point setting
   * @throws SignerException if signing fails
   */
  public CertificateAuthority createSubordinate(
      String subjectDn, KeyPair subKey, Instant notBefore, Instant notAfter) throws SignerException {
    Objects.requireNonNull(subKey, "subKey");
    X509Certificate cert = issue(CertificateRequest.of(
        subjectDn, subKey.getPublic(), CertificateProfile.ISSUING_CA, notBefore, notAfter));
    List<X509Certificate> subChain = new ArrayList<>();
    subChain.add(cert);
    subChain.addAll(chain);
    return new CertificateAuthority(Keys.handle(subKey, subChain), crlDistributionPoint);
  }

  /**
   * Wraps an existing CA key, for example one reloaded from a {@code Pkcs12KeyStore}.
   *
   * @param caKey a key whose {@code chain()} leaf is the CA certificate
   * @return the CA
   * @throws IllegalArgumentException if the chain is empty or its leaf is not a CA certificate
   */
  public static CertificateAuthority of(KeyHandle caKey) {
    Objects.requireNonNull(caKey, "caKey");
    if (caKey.chain().isEmpty()) {
      throw new IllegalArgumentException("caKey.chain() must hold the CA certificate, but was: empty");
    }
    if (caKey.chain().get(0).getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "caKey.chain()[0] must be a CA certificate (basicConstraints cA TRUE), but was: "
              + caKey.chain().get(0).getSubjectX500Principal().getName());
    }
    return new CertificateAuthority(caKey, null);
  }

  /**
   * Returns a copy of this CA that adds a CRL distribution point (RFC 5280 §4.2.1.13) to the
   * certificates it issues.
   *
   * @param url the CRL URL, e.g. {@code "http://hub.example/crl/issuing.crl"}
   * @return the configured copy
   */
  public CertificateAuthority withCrlDistributionPoint(String url) {
    Objects.requireNonNull(url, "url");
    try {
      java.net.URI u = new java.net.URI(url);
      if (!u.isAbsolute()) {
        throw new IllegalArgumentException("url must be an absolute URI, but was: " + url);
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("url must be an absolute URI, but was: " + url, e);
    }
    return new CertificateAuthority(key, url);
  }

  /**
   * Returns the CA certificate.
   *
   * @return the leaf of {@link #chain()}
   */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * Returns the CA's chain, CA certificate first, root last.
   *
   * @return an unmodifiable list
   */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * Returns the CA's signing key.
   *
   * @return the key handle
   */
  public KeyHandle key() {
    return key;
  }

  /**
   * Issues a certificate.
   *
   * @param req the request, not null
   * @return the certificate, signed with the CA key's algorithm
   * @throws SignerException if the subject key is outside the registry ({@link
   *     UnsupportedAlgorithmException}) or signing fails
   */
  public X509Certificate issue(CertificateRequest req) throws SignerException {
    Objects.requireNonNull(req, "req");
    SignatureAlgorithm.forKey(req.publicKey());
    X509CertificateHolder issuer = holder(certificate());
    return build(req, CertificateRequest.parseDn(req.subjectDn(), "subjectDn"), key,
        certificate().getPublicKey(), issuer, crlDistributionPoint);
  }

  /**
   * Issues a complete (not delta) X.509 v2 CRL (RFC 5280 §5) for certificates this CA issued.
   *
   * <p>The CRL carries the CRLNumber (§5.2.3) and AuthorityKeyIdentifier (§5.2.1) extensions, both
   * non-critical, and per entry a reasonCode extension (§5.3.1) unless the reason is unspecified (0),
   * which §5.3.1 says to omit. Times are encoded as UTCTime up to 2049, GeneralizedTime after
   * (§5.1.2.4), to the second. It is signed with this CA's key, in its algorithm, through the key
   * handle: an SM2 CA yields an SM3withSM2 CRL.
   *
   * @param revoked the entries, in the order they appear; may be empty; serials unique
   * @param crlNumber the monotonically increasing CRL number, 0 to 2<sup>159</sup>−1 (20 octets)
   * @param thisUpdate the issue date of this CRL
   * @param nextUpdate the date by which the next CRL will be issued, after {@code thisUpdate}
   * @return the signed CRL, from the Bouncy Castle provider
   * @throws SignerException if the CA key fails to sign
   * @throws IllegalArgumentException if a serial repeats, an entry's reason is removeFromCRL (8, only
   *     for delta CRLs), the CRL number is out of range or nextUpdate is not after thisUpdate
   * @throws IllegalStateException if the CA certificate's KeyUsage lacks cRLSign
   */
  public X509CRL issueCrl(
      List<RevokedCertificate> revoked, BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate)
      throws SignerException {
    Objects.requireNonNull(revoked, "revoked");
    Objects.requireNonNull(crlNumber, "crlNumber");
    Objects.requireNonNull(thisUpdate, "thisUpdate");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    if (crlNumber.signum() < 0 || crlNumber.bitLength() > 159) {
      throw new IllegalArgumentException(
          "crlNumber must be 0 to 2^159-1 (RFC 5280 §5.2.3), but was: " + crlNumber);
    }
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException(
          "nextUpdate must be after thisUpdate " + thisUpdate + ", but was: " + nextUpdate);
    }
    boolean[] ku = certificate().getKeyUsage();
    if (ku != null && !ku[6]) {
      throw new IllegalStateException("CA certificate keyUsage must include cRLSign, but was: without it ("
          + certificate().getSubjectX500Principal().getName() + ")");
    }
    X509CertificateHolder issuer = holder(certificate());
    X509v2CRLBuilder b = new X509v2CRLBuilder(issuer.getSubject(), Date.from(thisUpdate));
    b.setNextUpdate(Date.from(nextUpdate));
    Set<BigInteger> seen = new HashSet<>();
    for (int i = 0; i < revoked.size(); i++) {
      RevokedCertificate r = Objects.requireNonNull(revoked.get(i), "revoked element");
      if (!seen.add(r.serial())) {
        throw new IllegalArgumentException(
            "revoked[" + i + "].serial must be unique, but was: a repeat of " + r.serial().toString(16));
      }
      if (r.revocation().reason() == 8) {
        throw new IllegalArgumentException("revoked[" + i + "].revocation.reason must not be removeFromCRL"
            + " (8) in a complete CRL (RFC 5280 §5.3.1), but was: 8");
      }
      b.addCRLEntry(r.serial(), Date.from(r.revocation().revokedAt()), r.revocation().reason());
    }
    try {
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          authorityKeyId(new JcaX509ExtensionUtils(), issuer, certificate().getPublicKey()));
    } catch (CertIOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("CRL extensions must encode", e);
    }
    X509CRLHolder crl;
    try {
      crl = b.build(new KeyHandleContentSigner(key));
    } catch (KeyHandleContentSigner.SigningFailure f) {
      throw f.signerException();
    }
    try {
      return new JcaX509CRLConverter().setProvider(Providers.bc()).getCRL(crl);
    } catch (CRLException e) {
      throw new IllegalStateException("a freshly built CRL must decode", e);
    }
  }

  private static X509CertificateHolder holder(X509Certificate c) {
    try {
      return new X509CertificateHolder(c.getEncoded());
    } catch (java.io.IOException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("CA certificate must be DER-encodable", e);
    }
  }

  private static X509Certificate build(
      CertificateRequest req, X500Name subject, KeyHandle signer, PublicKey issuerKey,
      X509CertificateHolder issuer, String crlUrl) throws SignerException {
    BigInteger serial;
    do {
      serial = new BigInteger(127, RANDOM);
    } while (serial.bitLength() < 64);
    X500Name issuerName = issuer == null ? subject : issuer.getSubject();
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(req.publicKey().getEncoded());
    X509v3CertificateBuilder b = new X509v3CertificateBuilder(
        issuerName, serial, Date.from(req.notBefore()), Date.from(req.notAfter()), subject, spki);
    CertificateProfile p = req.profile();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, p.ca()
          ? (p.pathLength().isPresent() ? new BasicConstraints(p.pathLength().getAsInt()) : new BasicConstraints(true))
          : new BasicConstraints(false));
      int usage = 0;
      for (CertificateProfile.KeyUsageBit bit : p.keyUsage()) {
        usage |= bcBit(bit);
      }
      b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      if (!p.extendedKeyUsage().isEmpty()) {
        KeyPurposeId[] ids = p.extendedKeyUsage().stream()
            .map(o -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(o)))
            .toArray(KeyPurposeId[]::new);
        b.addExtension(Extension.extendedKeyUsage, p.extendedKeyUsageExact(), new ExtendedKeyUsage(ids));
      }
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
      b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(ext, issuer, issuerKey));
      if (!req.dnsNames().isEmpty() || !req.ipAddresses().isEmpty()) {
        List<GeneralName> names = new ArrayList<>();
        req.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        req.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(names.toArray(new GeneralName[0])));
      }
      if (crlUrl != null) {
        DistributionPoint dp = new DistributionPoint(new DistributionPointName(
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl))), null, null);
        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {dp}));
      }
    } catch (CertIOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("certificate extensions must encode", e);
    }
    X509CertificateHolder holder;
    try {
      holder = b.build(new KeyHandleContentSigner(signer));
    } catch (KeyHandleContentSigner.SigningFailure f) {
      throw f.signerException();
    }
    try {
      return new JcaX509CertificateConverter().setProvider(Providers.bc()).getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalStateException("a freshly built certificate must decode", e);
    }
  }

  private static AuthorityKeyIdentifier authorityKeyId(
      JcaX509ExtensionUtils ext, X509CertificateHolder issuer, PublicKey issuerKey) {
    if (issuer != null) {
      Extension ski = issuer.getExtension(Extension.subjectKeyIdentifier);
      if (ski != null) {
        return new AuthorityKeyIdentifier(
            SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier());
      }
    }
    SubjectKeyIdentifier ski = ext.createSubjectKeyIdentifier(issuerKey);
    return new AuthorityKeyIdentifier(ski.getKeyIdentifier());
  }

  private static int bcBit(CertificateProfile.KeyUsageBit bit) {
    return switch (bit) {
      case DIGITAL_SIGNATURE -> KeyUsage.digitalSignature;
      case NON_REPUDIATION -> KeyUsage.nonRepudiation;
      case KEY_CERT_SIGN -> KeyUsage.keyCertSign;
      case CRL_SIGN -> KeyUsage.cRLSign;
    };
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate().getSubjectX500Principal().getName() + ", "
        + key.algorithm() + "]";
  }
}
