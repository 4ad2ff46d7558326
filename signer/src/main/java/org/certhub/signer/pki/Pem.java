package org.certhub.signer.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.key.InsecureKeyExport;

/**
 * PEM (RFC 7468) encoding and decoding of certificates, CRLs ({@code X509 CRL}, RFC 7468 §6) and
 * PKCS#8 private keys.
 *
 * <p>Writing a private key requires the {@link InsecureKeyExport} capability: the key leaves its
 * custody unencrypted. Parsing accepts PKCS#8 {@code PRIVATE KEY} blocks for SM2 (EC on
 * sm2p256v1), ECDSA P-256 and Ed25519 keys only.
 */
public final class Pem {

  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PRIVATE_KEY = "PRIVATE KEY";
  private static final String CRL = "X509 CRL";

  private Pem() {}

  /**
   * Encodes one certificate as a {@code CERTIFICATE} block.
   *
   * @param certificate the certificate, not null
   * @return PEM text ending with a newline
   */
  public static String certificate(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    return certificates(List.of(certificate));
  }

  /**
   * Encodes certificates as consecutive {@code CERTIFICATE} blocks, in list order.
   *
   * @param certificates the certificates, not null
   * @return PEM text; empty for an empty list
   */
  public static String certificates(List<X509Certificate> certificates) {
    Objects.requireNonNull(certificates, "certificates");
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      for (X509Certificate c : certificates) {
        w.writeObject(new PemObject(CERTIFICATE, c.getEncoded()));
      }
    } catch (IOException | CertificateEncodingException e) {
      throw new IllegalStateException("an X509Certificate must be DER-encodable", e);
    }
    return out.toString();
  }

  /**
   * Encodes one CRL as an {@code X509 CRL} block (RFC 7468 §6), as {@code openssl crl} reads it.
   *
   * @param crl the CRL, not null
   * @return PEM text ending with a newline
   */
  public static String crl(X509CRL crl) {
    Objects.requireNonNull(crl, "crl");
    return crls(List.of(crl));
  }

  /**
   * Encodes CRLs as consecutive {@code X509 CRL} blocks, in list order.
   *
   * @param crls the CRLs, not null
   * @return PEM text; empty for an empty list
   */
  public static String crls(List<X509CRL> crls) {
    Objects.requireNonNull(crls, "crls");
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      for (X509CRL c : crls) {
        w.writeObject(new PemObject(CRL, c.getEncoded()));
      }
    } catch (IOException | CRLException e) {
      throw new IllegalStateException("an X509CRL must be DER-encodable", e);
    }
    return out.toString();
  }

  /**
   * Parses exactly one {@code X509 CRL} block. The CRL's signature is not checked here; use {@link
   * CrlRevocationSource#of}.
   *
   * @param pem PEM text, not null
   * @return the CRL, from the Bouncy Castle provider
   * @throws PemFormatException if the text is not exactly one well-formed CRL
   */
  public static X509CRL parseCrl(String pem) throws PemFormatException {
    List<X509CRL> crls = parseCrls(pem);
    if (crls.size() != 1) {
      throw new PemFormatException("pem must contain exactly 1 X509 CRL block, but was: " + crls.size());
    }
    return crls.get(0);
  }

  /**
   * Parses one or more consecutive {@code X509 CRL} blocks. Signatures are not checked here.
   *
   * @param pem PEM text, not null
   * @return the CRLs in text order, unmodifiable, not empty
   * @throws PemFormatException if any block is malformed, of another type, or there is none
   */
  public static List<X509CRL> parseCrls(String pem) throws PemFormatException {
    List<PemObject> objects = read(pem);
    if (objects.isEmpty()) {
      throw new PemFormatException("pem must contain an X509 CRL block, but was: no PEM block");
    }
    List<X509CRL> out = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      PemObject o = objects.get(i);
      if (!CRL.equals(o.getType())) {
        throw new PemFormatException("pem block[" + i + "] must be X509 CRL, but was: " + o.getType());
      }
      out.add(decodeCrl(o.getContent(), "pem block[" + i + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Encodes a private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block (RFC 5208, RFC 7468
   * §10). For demos and tests only.
   *
   * @param key the private key, exportable (not token-held), not null
   * @param capability must be {@link InsecureKeyExport#DEMO_ONLY}
   * @return PEM text
   * @throws IllegalArgumentException if the key cannot be exported (for example, held in a token)
   */
  public static String privateKeyPkcs8(PrivateKey key, InsecureKeyExport capability) {
    InsecureKeyExport.require(capability);
    Objects.requireNonNull(key, "key");
    byte[] der = key.getEncoded();
    if (der == null || !"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException(
          "key must be exportable as PKCS#8, but was: " + key.getFormat() + " " + key.getAlgorithm());
    }
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      w.writeObject(new PemObject(PRIVATE_KEY, der));
    } catch (IOException e) {
      throw new IllegalStateException("writing to a string cannot fail", e);
    } finally {
      java.util.Arrays.fill(der, (byte) 0);
    }
    return out.toString();
  }

  /**
   * Parses exactly one {@code CERTIFICATE} block.
   *
   * @param pem PEM text, not null
   * @return the certificate
   * @throws PemFormatException if the text is not exactly one well-formed certificate
   */
  public static X509Certificate parseCertificate(String pem) throws PemFormatException {
    List<X509Certificate> certs = parseCertificates(pem);
    if (certs.size() != 1) {
      throw new PemFormatException(
          "pem must contain exactly 1 CERTIFICATE block, but was: " + certs.size());
    }
    return certs.get(0);
  }

  /**
   * Parses one or more consecutive {@code CERTIFICATE} blocks.
   *
   * @param pem PEM text, not null
   * @return the certificates in text order, unmodifiable, not empty
   * @throws PemFormatException if any block is malformed, of another type, or there is none
   */
  public static List<X509Certificate> parseCertificates(String pem) throws PemFormatException {
    List<PemObject> objects = read(pem);
    if (objects.isEmpty()) {
      throw new PemFormatException("pem must contain a CERTIFICATE block, but was: no PEM block");
    }
    List<X509Certificate> out = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      PemObject o = objects.get(i);
      if (!CERTIFICATE.equals(o.getType())) {
        throw new PemFormatException(
            "pem block[" + i + "] must be CERTIFICATE, but was: " + o.getType());
      }
      out.add(decodeCertificate(o.getContent(), "pem block[" + i + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Parses one PKCS#8 {@code PRIVATE KEY} block holding an SM2, ECDSA P-256 or Ed25519 key.
   *
   * @param pem PEM text, not null
   * @return the private key, from the Bouncy Castle provider
   * @throws PemFormatException if the block is missing, malformed, encrypted, or of another algorithm
   */
  public static PrivateKey parsePrivateKey(String pem) throws PemFormatException {
    List<PemObject> objects = read(pem);
    if (objects.size() != 1) {
      throw new PemFormatException(
          "pem must contain exactly 1 PRIVATE KEY block, but was: " + objects.size() + " blocks");
    }
    PemObject o = objects.get(0);
    if (!PRIVATE_KEY.equals(o.getType())) {
      throw new PemFormatException("pem block[0] must be PRIVATE KEY, but was: " + o.getType());
    }
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(o.getContent());
    } catch (RuntimeException e) {
      throw new PemFormatException(
          "pem block[0] must be a DER PKCS#8 PrivateKeyInfo, but was: undecodable", e);
    }
    checkAlgorithm(info.getPrivateKeyAlgorithm());
    try {
      return new JcaPEMKeyConverter().setProvider(Providers.bc()).getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw new PemFormatException(
          "pem block[0] must be a valid private key, but was: " + e.getMessage(), e);
    }
  }

  private static void checkAlgorithm(AlgorithmIdentifier id) throws PemFormatException {
    ASN1ObjectIdentifier alg = id.getAlgorithm();
    if (EdECObjectIdentifiers.id_Ed25519.equals(alg)) {
      return;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)
        && (GMObjectIdentifiers.sm2p256v1.equals(id.getParameters())
            || SECObjectIdentifiers.secp256r1.equals(id.getParameters()))) {
      return;
    }
    throw new PemFormatException(
        "pem block[0].privateKeyAlgorithm must be one of [EC sm2p256v1, EC P-256, Ed25519], but was: "
            + alg.getId() + (id.getParameters() == null ? "" : " " + id.getParameters()));
  }

  private static List<PemObject> read(String pem) throws PemFormatException {
    Objects.requireNonNull(pem, "pem");
    List<PemObject> out = new ArrayList<>();
    try (PemReader r = new PemReader(new StringReader(pem))) {
      PemObject o;
      while ((o = r.readPemObject()) != null) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      throw new PemFormatException(
          "pem block[" + out.size() + "] must be well-formed RFC 7468 text, but was: " + e.getMessage(), e);
    }
    return out;
  }

  static X509CRL decodeCrl(byte[] der, String path) throws PemFormatException {
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509", Providers.bc());
      X509CRL crl = (X509CRL) f.generateCRL(new ByteArrayInputStream(der));
      if (crl == null) {
        throw new PemFormatException(path + " must be a DER X.509 CRL, but was: empty");
      }
      return crl;
    } catch (CRLException | CertificateException | RuntimeException e) {
      throw new PemFormatException(path + " must be a DER X.509 CRL, but was: " + e.getMessage(), e);
    }
  }

  static X509Certificate decodeCertificate(byte[] der, String path) throws PemFormatException {
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509", Providers.bc());
      return (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new PemFormatException(
          path + " must be a DER X.509 certificate, but was: " + e.getMessage(), e);
    }
  }
}
