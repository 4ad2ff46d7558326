package org.certhub.signer.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
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
    X509CertificateHolder issuer;
    try {
      issuer = new X509CertificateHolder(certificate().getEncoded());
    } catch (java.io.IOException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("CA certificate must be DER-encodable", e);
    }
    return build(req, CertificateRequest.parseDn(req.subjectDn(), "subjectDn"), key,
        certificate().getPublicKey(), issuer, crlDistributionPoint);
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
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids));
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
