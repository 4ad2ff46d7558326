package org.certhub.signer.cms;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.pki.KeyHandleContentSigner;

/**
 * Makes CMS SignedData (RFC 5652) in the CAdES baseline profiles (ETSI EN 319 122-1): B-B always, B-T when
 * a {@link TimeStamper} is given.
 *
 * <p>Signed attributes: content-type, message-digest, signing-time (from the clock),
 * signing-certificate-v2 (ESSCertIDv2 with SHA-256 and issuerSerial, RFC 5035) and, from Bouncy Castle,
 * CMSAlgorithmProtection (RFC 6211). B-T adds the unsigned attribute id-aa-signatureTimeStampToken
 * (1.2.840.113549.1.9.16.2.14) over the signature value. Algorithms follow the key (no choice to make):
 * SM2 signs SM3withSM2 (1.2.156.10197.1.501) with digest SM3 (1.2.156.10197.1.401), P-256 signs
 * ecdsa-with-SHA256 with SHA-256, Ed25519 signs id-Ed25519 with SHA-512 (RFC 8419 §3). The key's whole
 * certificate chain (leaf first, without the root) travels in {@code certificates}.
 */
public final class CmsSigner {

  /** Where the content goes. */
  public enum Mode {
    /** The content is not in the CMS ({@code eContent} absent); the verifier supplies it. */
    DETACHED,
    /** The content is encapsulated in {@code eContent}. */
    ENVELOPING
  }

  private final KeyHandle key;
  private final TimeStamper timeStamper;
  private final Clock clock;

  /**
   * Creates a signer.
   *
   * @param key the signing key, with a certificate chain, not null
   * @param timeStamper the TSA for CAdES-T, or null for CAdES-B
   * @param clock the source of signing-time, not null
   * @throws IllegalArgumentException if the key has no certificate
   */
  public CmsSigner(KeyHandle key, TimeStamper timeStamper, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.timeStamper = timeStamper;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException("key.chain must hold the signer's certificate, but was: empty");
    }
  }

  /**
   * Signs {@code content}.
   *
   * @param content the bytes to sign, not null
   * @param mode detached or enveloping
   * @return the DER encoding of the ContentInfo holding the SignedData
   * @throws SignerException if the key or the TSA fails
   */
  public byte[] sign(byte[] content, Mode mode) throws SignerException {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mode, "mode");
    X509Certificate leaf = key.chain().get(0);
    CMSSignedData signed;
    try {
      X509CertificateHolder holder = new JcaX509CertificateHolder(leaf);
      ASN1EncodableVector attributes = new ASN1EncodableVector();
      attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(clock.instant())))));
      attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(signingCertificateV2(holder))));
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(Providers.bc()).build())
              .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
              .build(new KeyHandleContentSigner(key), holder));
      generator.addCertificates(new JcaCertStore(key.chain()));
      signed = generator.generate(new CMSProcessableByteArray(content), mode == Mode.ENVELOPING);
    } catch (KeyHandleContentSigner.SigningFailure f) {
      throw f.signerException();
    } catch (CertificateEncodingException | OperatorCreationException | CMSException e) {
      throw new SignerException("cms must be signable with " + key.algorithm() + ", but was: " + e.getMessage(), e);
    }
    if (timeStamper != null) {
      signed = withSignatureTimestamp(signed);
    }
    try {
      return signed.toASN1Structure().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new SignerException("cms must be DER encodable, but was: " + e.getMessage(), e);
    }
  }

  private CMSSignedData withSignatureTimestamp(CMSSignedData signed) throws SignerException {
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    byte[] token = timeStamper.timestamp(signer.getSignature());
    ContentInfo tokenInfo;
    try {
      tokenInfo = ContentInfo.getInstance(token);
    } catch (RuntimeException e) {
      throw new SignerException("time-stamp token must be a ContentInfo, but was: " + e.getMessage(), e);
    }
    Attribute attribute = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(tokenInfo));
    SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(attribute));
    return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
  }

  /** ESSCertIDv2 with the default hash, SHA-256 (RFC 5035 §3), binding the signer's certificate. */
  private static SigningCertificateV2 signingCertificateV2(X509CertificateHolder cert) throws CertificateEncodingException {
    byte[] hash;
    try {
      hash = DigestAlgorithm.SHA256.digest(cert.getEncoded());
    } catch (IOException e) {
      throw new CertificateEncodingException(e);
    }
    IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(cert.getIssuer())), cert.getSerialNumber());
    return new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(hash, issuerSerial)});
  }
}
