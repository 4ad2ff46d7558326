package org.certhub.signer.cms;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.cms.CmsCheck.Name;
import org.certhub.signer.cms.CmsCheck.Status;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateVerificationException;
import org.certhub.signer.pki.ChainValidator;
import org.certhub.signer.pki.RevocationSource;

/**
 * Verifies CMS SignedData made by {@link CmsSigner} or any CAdES baseline B/T producer (OpenSSL {@code cms
 * -sign -cades} included) and reports each check ({@link CmsCheck.Name}).
 *
 * <p><b>Security guarantees.</b> The algorithm is bound to the signer certificate's key, never to what
 * the CMS claims: a SignerInfo whose signatureAlgorithm or digestAlgorithm is not the key's (SM2: SM3withSM2
 * and SM3; P-256: ecdsa-with-SHA256 and SHA-256; Ed25519: id-Ed25519 and SHA-512) fails {@link
 * Name#ALGORITHM} and its signature is not computed. Signed attributes are required (CAdES). Exactly one
 * SignerInfo is accepted. The signer's chain is validated with {@link ChainValidator} against the given
 * anchors for {@link CertificateProfile#DOCUMENT_SIGNING}, at the signature timestamp's time when the
 * timestamp is valid (it proves the signature existed then), else at {@code now}; the TSA's chain for
 * {@link CertificateProfile#TIME_STAMPING} (EKU exactly id-kp-timeStamping, critical) at the timestamp's
 * time.
 *
 * <p>Malformed or hostile input (truncated DER, lengths beyond the input, deep nesting, wrong types) is a
 * {@link CmsFormatException} naming where; {@link DerLimits} runs before any Bouncy Castle parsing, so
 * allocations are bounded by the input's size.
 */
public final class CmsVerifier {

  private static final String SHA256 = "2.16.840.1.101.3.4.2.1";
  private static final String SHA384 = "2.16.840.1.101.3.4.2.2";
  private static final String SHA512 = "2.16.840.1.101.3.4.2.3";
  private static final String SM3 = "1.2.156.10197.1.401";
  private static final String SIGNER = "cms.signerInfos[0]";

  private CmsVerifier() {}

  /**
   * Verifies a CMS signature.
   *
   * @param cms the DER (or BER) ContentInfo, not null
   * @param detachedContent the content for a detached signature; null for an enveloping one
   * @param trustAnchors the trusted root certificates for the signer's and the TSA's chains, not empty
   * @param now the instant at which the signer's chain is judged when there is no valid timestamp
   * @return every check's outcome; {@link CmsVerification#valid()} says whether all passed
   * @throws CmsFormatException if the bytes are not a readable SignedData with one SignerInfo, or the
   *     content is missing or given twice
   */
  public static CmsVerification verify(byte[] cms, byte[] detachedContent, Set<X509Certificate> trustAnchors, Instant now)
      throws CmsFormatException {
    return verify(cms, detachedContent, trustAnchors, now, RevocationSource.NONE);
  }

  /**
   * Verifies a CMS signature, checking the signer's and the TSA's chains against {@code revocations} too (a
   * revocation counts if it {@linkplain org.certhub.signer.pki.Revocation#invalidates invalidates} a signature made
   * at the instant the chain is judged: the timestamp's genTime, else {@code now}).
   *
   * @param cms the DER (or BER) ContentInfo, not null
   * @param detachedContent the content for a detached signature; null for an enveloping one
   * @param trustAnchors the trusted root certificates for the signer's and the TSA's chains, not empty
   * @param now the instant at which the signer's chain is judged when there is no valid timestamp
   * @param revocations where revocation status comes from, e.g. a {@link org.certhub.signer.pki.CrlRevocationSource}
   * @return every check's outcome; {@link CmsVerification#valid()} says whether all passed
   * @throws CmsFormatException if the bytes are not a readable SignedData with one SignerInfo, or the
   *     content is missing or given twice
   */
  public static CmsVerification verify(
      byte[] cms, byte[] detachedContent, Set<X509Certificate> trustAnchors, Instant now, RevocationSource revocations)
      throws CmsFormatException {
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(cms, "cms");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    Objects.requireNonNull(now, "now");
    DerLimits.check(cms, "cms");
    ContentInfo info;
    SignedData signedData;
    CMSSignedData signed;
    try {
      info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
      if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
        throw new CmsFormatException("cms.contentType must be signedData (1.2.840.113549.1.7.2), but was: " + info.getContentType());
      }
      signedData = SignedData.getInstance(info.getContent());
      signed = new CMSSignedData(info);
    } catch (IOException | CMSException | RuntimeException e) {
      throw new CmsFormatException("cms must be a ContentInfo holding SignedData (RFC 5652 §5.1), but was: " + reason(e), e);
    }
    byte[] content = content(signedData, detachedContent);
    try {
      Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
      if (signers.size() != 1) {
        throw new CmsFormatException("cms.signerInfos must hold exactly one SignerInfo, but was: " + signers.size());
      }
      SignerInformation signer = signers.iterator().next();
      List<X509Certificate> certificates = certificates(signed.getCertificates().getMatches(null), "cms.certificates");
      return new Run(signer, signedData, content, certificates, trustAnchors, now, revocations).verify();
    } catch (RuntimeException e) {
      // Bouncy Castle parses parts lazily (certificates, attributes) and reports bad ASN.1 unchecked.
      throw new CmsFormatException("cms must be a well-formed SignedData (RFC 5652 §5.3), but was: " + reason(e), e);
    }
  }

  /** One verification's state: the checks are recorded as they are made. */
  private static final class Run {
    private final SignerInformation signer;
    private final SignedData signedData;
    private final byte[] content;
    private final List<X509Certificate> certificates;
    private final Set<X509Certificate> anchors;
    private final Instant now;
    private final RevocationSource revocations;
    private final Map<Name, CmsCheck> checks = new EnumMap<>(Name.class);
    private X509Certificate certificate;
    private Instant signingTime;
    private Instant timestamp;

    Run(SignerInformation signer, SignedData signedData, byte[] content, List<X509Certificate> certificates,
        Set<X509Certificate> anchors, Instant now, RevocationSource revocations) {
      this.signer = signer;
      this.revocations = revocations;
      this.signedData = signedData;
      this.content = content;
      this.certificates = certificates;
      this.anchors = anchors;
      this.now = now;
    }

    CmsVerification verify() throws CmsFormatException {
      certificate = certificates.stream().filter(c -> signer.getSID().match(holder(c))).findFirst().orElse(null);
      AttributeTable signedAttrs = signer.getSignedAttributes();
      signingTime = signingTime(signedAttrs);
      if (certificate == null) {
        fail(Name.ALGORITHM, SIGNER + ".sid must name a certificate in cms.certificates, but was: none matches");
      } else {
        algorithm(signedAttrs);
      }
      signingCertificate(signedAttrs);
      timestamp();
      chain();
      for (Name n : Name.values()) {
        checks.putIfAbsent(n, new CmsCheck(n, Status.NOT_CHECKED, "not checked: an earlier check failed"));
      }
      return new CmsVerification(
          new ArrayList<>(checks.values()), content, certificate, Optional.ofNullable(signingTime), Optional.ofNullable(timestamp));
    }

    private void algorithm(AttributeTable signedAttrs) {
      SignatureAlgorithm alg;
      try {
        alg = SignatureAlgorithm.forKey(certificate.getPublicKey());
      } catch (UnsupportedAlgorithmException e) {
        fail(Name.ALGORITHM, "signer certificate key: " + e.getMessage());
        return;
      }
      String digest = digestOf(alg);
      String claimedSig = signer.getEncryptionAlgOID();
      String claimedDigest = signer.getDigestAlgOID();
      if (!alg.oid().equals(claimedSig)) {
        fail(Name.ALGORITHM, SIGNER + ".signatureAlgorithm must be " + alg.oid() + " (" + alg + ", bound to the signer's key), but was: "
            + claimedSig);
        return;
      }
      if (!digest.equals(claimedDigest)) {
        fail(Name.ALGORITHM, SIGNER + ".digestAlgorithm must be " + digest + " for " + alg + ", but was: " + claimedDigest);
        return;
      }
      if (signedAttrs == null) {
        fail(Name.ALGORITHM, SIGNER + ".signedAttrs must be present (CAdES), but was: absent");
        return;
      }
      Attribute protection = single(signedAttrs, CMSAttributes.cmsAlgorithmProtect);
      if (protection != null) {
        try {
          CMSAlgorithmProtection p = CMSAlgorithmProtection.getInstance(protection.getAttrValues().getObjectAt(0));
          if (!p.getDigestAlgorithm().getAlgorithm().getId().equals(claimedDigest)
              || p.getSignatureAlgorithm() == null || !p.getSignatureAlgorithm().getAlgorithm().getId().equals(claimedSig)) {
            fail(Name.ALGORITHM, SIGNER + ".signedAttrs.cmsAlgorithmProtection must name " + claimedDigest + " and " + claimedSig
                + ", but was: other algorithms");
            return;
          }
        } catch (RuntimeException e) {
          fail(Name.ALGORITHM, SIGNER + ".signedAttrs.cmsAlgorithmProtection must be well formed, but was: " + reason(e));
          return;
        }
      }
      pass(Name.ALGORITHM, alg + " with digest " + claimedDigest + ", bound to the signer's key");
      messageDigest(signedAttrs, alg);
      signature(alg);
    }

    private void messageDigest(AttributeTable signedAttrs, SignatureAlgorithm alg) {
      Attribute ct = single(signedAttrs, CMSAttributes.contentType);
      Attribute md = single(signedAttrs, CMSAttributes.messageDigest);
      if (ct == null || md == null) {
        fail(Name.MESSAGE_DIGEST, SIGNER + ".signedAttrs must hold one content-type and one message-digest attribute, but was: "
            + (ct == null ? "no content-type" : "no message-digest"));
        return;
      }
      try {
        ASN1ObjectIdentifier type = ASN1ObjectIdentifier.getInstance(ct.getAttrValues().getObjectAt(0));
        if (!type.equals(signedData.getEncapContentInfo().getContentType())) {
          fail(Name.MESSAGE_DIGEST, SIGNER + ".signedAttrs.contentType must be " + signedData.getEncapContentInfo().getContentType()
              + " (eContentType), but was: " + type);
          return;
        }
        byte[] claimed = ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
        byte[] actual = newDigest(digestOf(alg)).digest(content);
        if (!MessageDigest.isEqual(claimed, actual)) {
          fail(Name.MESSAGE_DIGEST, SIGNER + ".signedAttrs.messageDigest must be the digest of the content, but was: another value");
          return;
        }
        pass(Name.MESSAGE_DIGEST, "the content's " + digestOf(alg) + " digest matches");
      } catch (RuntimeException e) {
        fail(Name.MESSAGE_DIGEST, SIGNER + ".signedAttrs content-type and message-digest must be well formed, but was: " + reason(e));
      }
    }

    private void signature(SignatureAlgorithm alg) {
      try {
        Signature s = Signature.getInstance(alg.jcaName(), Providers.bc());
        s.initVerify(certificate.getPublicKey());
        s.update(signer.getEncodedSignedAttributes());
        if (s.verify(signer.getSignature())) {
          pass(Name.SIGNATURE, alg + " signature over the signed attributes verifies");
        } else {
          fail(Name.SIGNATURE, SIGNER + ".signature must verify with the signer's key, but was: invalid");
        }
      } catch (GeneralSecurityException | IOException | RuntimeException e) {
        fail(Name.SIGNATURE, SIGNER + ".signature must be a well-formed " + alg + " signature, but was: " + reason(e));
      }
    }

    private void signingCertificate(AttributeTable signedAttrs) {
      if (certificate == null || signedAttrs == null) {
        return;
      }
      Attribute attr = single(signedAttrs, PKCSObjectIdentifiers.id_aa_signingCertificateV2);
      if (attr == null) {
        fail(Name.SIGNING_CERTIFICATE, SIGNER + ".signedAttrs.signingCertificateV2 must be present once (CAdES baseline), but was: "
            + (signedAttrs.getAll(PKCSObjectIdentifiers.id_aa_signingCertificateV2).size() == 0 ? "absent" : "repeated"));
        return;
      }
      try {
        ESSCertIDv2 id = SigningCertificateV2.getInstance(attr.getAttrValues().getObjectAt(0)).getCerts()[0];
        String hashOid = id.getHashAlgorithm().getAlgorithm().getId();
        MessageDigest md = digestFor(hashOid);
        if (md == null) {
          fail(Name.SIGNING_CERTIFICATE, SIGNER + ".signedAttrs.signingCertificateV2.hashAlgorithm must be SHA-256, SHA-384, SHA-512 or"
              + " SM3, but was: " + hashOid);
          return;
        }
        if (!MessageDigest.isEqual(md.digest(certificate.getEncoded()), id.getCertHash())) {
          fail(Name.SIGNING_CERTIFICATE, SIGNER + ".signedAttrs.signingCertificateV2.certHash must be the hash of the signer's"
              + " certificate, but was: the hash of another certificate");
          return;
        }
        IssuerSerial is = id.getIssuerSerial();
        if (is != null) {
          X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
          boolean named = false;
          for (GeneralName n : is.getIssuer().getNames()) {
            named |= n.getTagNo() == GeneralName.directoryName && X500Name.getInstance(n.getName()).equals(issuer);
          }
          if (!named || !is.getSerial().getValue().equals(certificate.getSerialNumber())) {
            fail(Name.SIGNING_CERTIFICATE, SIGNER + ".signedAttrs.signingCertificateV2.issuerSerial must name the signer's"
                + " certificate, but was: another issuer or serial");
            return;
          }
        }
        pass(Name.SIGNING_CERTIFICATE, "signing-certificate-v2 binds the signer's certificate (" + hashOid + ")");
      } catch (GeneralSecurityException | RuntimeException e) {
        fail(Name.SIGNING_CERTIFICATE, SIGNER + ".signedAttrs.signingCertificateV2 must be well formed, but was: " + reason(e));
      }
    }

    private void timestamp() throws CmsFormatException {
      String where = SIGNER + ".unsignedAttrs.signatureTimeStampToken";
      AttributeTable unsigned = signer.getUnsignedAttributes();
      ASN1EncodableVector attrs =
          unsigned == null ? new ASN1EncodableVector() : unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
      if (attrs.size() == 0) {
        for (Name n : List.of(Name.TIMESTAMP_IMPRINT, Name.TIMESTAMP_SIGNATURE, Name.TIMESTAMP_CERTIFICATE)) {
          checks.put(n, new CmsCheck(n, Status.NOT_APPLICABLE, "no signature timestamp (CAdES-B)"));
        }
        return;
      }
      TimeStampToken token = token(((Attribute) attrs.get(0)).getAttrValues(), where);
      TimeStampTokenInfo info = token.getTimeStampInfo();
      Instant genTime = info.getGenTime().toInstant();
      String imprintOid = info.getMessageImprintAlgOID().getId();
      MessageDigest md = digestFor(imprintOid);
      if (md == null) {
        fail(Name.TIMESTAMP_IMPRINT, where + ".messageImprint.hashAlgorithm must be SHA-256, SHA-384, SHA-512 or SM3, but was: " + imprintOid);
      } else if (!MessageDigest.isEqual(md.digest(signer.getSignature()), info.getMessageImprintDigest())) {
        fail(Name.TIMESTAMP_IMPRINT, where + ".messageImprint must be the hash of " + SIGNER + ".signature, but was: the hash of other data");
      } else {
        pass(Name.TIMESTAMP_IMPRINT, "imprint (" + imprintOid + ") over the signature value matches");
      }
      List<X509Certificate> tokenCerts = certificates(token.getCertificates().getMatches(null), where + ".certificates");
      X509Certificate tsa = tokenCerts.stream().filter(c -> token.getSID().match(holder(c))).findFirst().orElse(null);
      if (tsa == null) {
        fail(Name.TIMESTAMP_SIGNATURE, where + ".certificates must hold the TSA certificate, but was: absent (query with certReq)");
        return;
      }
      List<X509Certificate> pool = new ArrayList<>(tokenCerts);
      pool.addAll(certificates);
      try {
        ChainValidator.validate(ChainValidator.pathFrom(tsa, pool), anchors, genTime, CertificateProfile.TIME_STAMPING, revocations);
        pass(Name.TIMESTAMP_CERTIFICATE, "TSA " + tsa.getSubjectX500Principal().getName() + " is a time-stamping authority under a trust anchor");
      } catch (CertificateVerificationException e) {
        fail(Name.TIMESTAMP_CERTIFICATE, "TSA " + e.getMessage());
      }
      try {
        SignatureAlgorithm alg = SignatureAlgorithm.forKey(tsa.getPublicKey());
        SignerInformation tsaSigner = token.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
        if (!alg.oid().equals(tsaSigner.getEncryptionAlgOID())) {
          fail(Name.TIMESTAMP_SIGNATURE, where + ".signerInfos[0].signatureAlgorithm must be " + alg.oid() + " (" + alg
              + ", bound to the TSA's key), but was: " + tsaSigner.getEncryptionAlgOID());
          return;
        }
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Providers.bc()).build(tsa));
        pass(Name.TIMESTAMP_SIGNATURE, "token signature verifies and binds the TSA certificate; genTime " + genTime);
      } catch (UnsupportedAlgorithmException e) {
        fail(Name.TIMESTAMP_SIGNATURE, "TSA certificate key: " + e.getMessage());
      } catch (TSPException | org.bouncycastle.operator.OperatorCreationException | RuntimeException e) {
        fail(Name.TIMESTAMP_SIGNATURE, where + " must verify with the TSA certificate, but was: " + reason(e));
      }
      if (status(Name.TIMESTAMP_IMPRINT) == Status.PASSED && status(Name.TIMESTAMP_SIGNATURE) == Status.PASSED
          && status(Name.TIMESTAMP_CERTIFICATE) == Status.PASSED) {
        timestamp = genTime;
      }
    }

    private void chain() {
      if (certificate == null) {
        return;
      }
      Instant at = timestamp != null ? timestamp : now;
      try {
        ChainValidator.validate(ChainValidator.pathFrom(certificate, certificates), anchors, at, CertificateProfile.DOCUMENT_SIGNING, revocations);
        pass(Name.CERTIFICATE_CHAIN, "signer " + certificate.getSubjectX500Principal().getName() + " chains to a trust anchor at " + at
            + (timestamp != null ? " (the timestamp)" : ""));
      } catch (CertificateVerificationException e) {
        fail(Name.CERTIFICATE_CHAIN, "signer " + e.getMessage());
      }
    }

    private Status status(Name n) {
      CmsCheck c = checks.get(n);
      return c == null ? Status.NOT_CHECKED : c.status();
    }

    private void pass(Name n, String detail) {
      checks.put(n, new CmsCheck(n, Status.PASSED, detail));
    }

    private void fail(Name n, String detail) {
      checks.put(n, new CmsCheck(n, Status.FAILED, detail));
    }
  }

  private static byte[] content(SignedData signedData, byte[] detached) throws CmsFormatException {
    ASN1Encodable e = signedData.getEncapContentInfo().getContent();
    if (e != null && detached != null) {
      throw new CmsFormatException("cms.encapContentInfo.eContent must be absent when detached content is given, but was: present");
    }
    if (e == null && detached == null) {
      throw new CmsFormatException("detached content must be given when cms.encapContentInfo.eContent is absent, but was: none");
    }
    if (e == null) {
      return detached;
    }
    try {
      return ASN1OctetString.getInstance(e).getOctets();
    } catch (RuntimeException ex) {
      throw new CmsFormatException("cms.encapContentInfo.eContent must be an OCTET STRING, but was: " + reason(ex), ex);
    }
  }

  private static TimeStampToken token(org.bouncycastle.asn1.ASN1Set values, String where) throws CmsFormatException {
    try {
      if (values.size() != 1) {
        throw new CmsFormatException(where + " must hold one value, but was: " + values.size());
      }
      ContentInfo info = ContentInfo.getInstance(values.getObjectAt(0));
      SignedData sd = SignedData.getInstance(info.getContent());
      // TSTInfo sits in an OCTET STRING, outside the outer pre-check: check it before Bouncy Castle parses it.
      DerLimits.check(ASN1OctetString.getInstance(sd.getEncapContentInfo().getContent()).getOctets(), where + ".tstInfo");
      return new TimeStampToken(info);
    } catch (TSPException | IOException | RuntimeException e) {
      throw new CmsFormatException(where + " must be an RFC 3161 TimeStampToken, but was: " + reason(e), e);
    }
  }

  private static List<X509Certificate> certificates(Collection<X509CertificateHolder> holders, String where) throws CmsFormatException {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(Providers.bc());
    List<X509Certificate> out = new ArrayList<>();
    for (X509CertificateHolder h : holders) {
      try {
        out.add(converter.getCertificate(h));
      } catch (CertificateException | RuntimeException e) {
        throw new CmsFormatException(where + "[" + out.size() + "] must be an X.509 certificate, but was: " + reason(e), e);
      }
    }
    return out;
  }

  private static X509CertificateHolder holder(X509Certificate c) {
    try {
      return new X509CertificateHolder(c.getEncoded());
    } catch (IOException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate must re-encode", e);
    }
  }

  private static Instant signingTime(AttributeTable signedAttrs) {
    Attribute a = signedAttrs == null ? null : single(signedAttrs, CMSAttributes.signingTime);
    if (a == null) {
      return null;
    }
    try {
      return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The attribute when present exactly once with exactly one value, else null. */
  private static Attribute single(AttributeTable table, ASN1ObjectIdentifier type) {
    ASN1EncodableVector v = table.getAll(type);
    if (v.size() != 1) {
      return null;
    }
    Attribute a = (Attribute) v.get(0);
    return a.getAttrValues().size() == 1 ? a : null;
  }

  private static String digestOf(SignatureAlgorithm alg) {
    return switch (alg) {
      case SM2_SM3 -> SM3;
      case ECDSA_P256_SHA256 -> SHA256;
      case ED25519 -> SHA512; // RFC 8419 §3: id-sha512 with Ed25519
    };
  }

  /** A digest of the small accepted set, or null. */
  private static MessageDigest digestFor(String oid) {
    return switch (oid) {
      case SHA256, SHA384, SHA512, SM3 -> newDigest(oid);
      default -> null;
    };
  }

  private static MessageDigest newDigest(String oid) {
    String name = switch (oid) {
      case SHA256 -> "SHA-256";
      case SHA384 -> "SHA-384";
      case SHA512 -> "SHA-512";
      case SM3 -> "SM3";
      default -> throw new IllegalArgumentException("digest OID must be in the accepted set, but was: " + oid);
    };
    try {
      return MessageDigest.getInstance(name, Providers.bc());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Bouncy Castle must provide " + name, e);
    }
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    m = m == null ? e.getClass().getSimpleName() : m;
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
