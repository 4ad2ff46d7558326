package org.certhub.signer.tsa;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.cms.CmsFormatException;
import org.certhub.signer.cms.DerLimits;
import org.certhub.signer.cms.TimeStamper;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.pki.KeyHandleContentSigner;

/**
 * An RFC 3161 time-stamping authority on Bouncy Castle's {@code tsp} package, signing with a {@link
 * KeyHandle} whose certificate fits {@link org.certhub.signer.pki.CertificateProfile#TIME_STAMPING}.
 *
 * <ul>
 *   <li>Policy {@link #POLICY}: an OID under the UUID arc 2.25 (ITU-T X.667: any UUID, no registration
 *       needed), fixed for CertHub's TSA; a query naming another policy is refused (unacceptedPolicy).
 *   <li>Hash algorithms: SHA-256, SHA-384, SHA-512 and SM3; any other (SHA-1, MD5, …) is refused with status
 *       rejection and failInfo badAlg. Extensions in a query are refused (unacceptedExtension).
 *   <li>Serial numbers: random 128-bit positive integers from {@link SecureRandom}, unique with
 *       overwhelming probability and without state to persist.
 *   <li>Accuracy: 1 second, stated in every TSTInfo; ordering false; the nonce is echoed.
 *   <li>The TSA certificate chain is included only when the query sets certReq (RFC 3161 §2.4.1); the token
 *       binds the certificate with ESSCertIDv2 (SHA-256, RFC 5816).
 * </ul>
 *
 * <p>{@link #respond(byte[])} never throws on bad input: a query that cannot be read is answered with
 * rejection and badDataFormat, as RFC 3161 §2.4.2 asks, not with an exception.
 */
public final class TimeStampAuthority implements TimeStamper {

  /** The TSA policy: 2.25 + the decimal value of UUID 37b306da-cf76-4150-9c5a-6ebf36679032. */
  public static final String POLICY = "2.25.74037099936251515895424793312137547826";

  /** The media type of queries (RFC 3161 §3.4). */
  public static final String QUERY_MEDIA_TYPE = "application/timestamp-query";

  /** The media type of replies (RFC 3161 §3.4). */
  public static final String REPLY_MEDIA_TYPE = "application/timestamp-reply";

  /** Longest query read; a real one is under 200 bytes (a SHA-512 imprint, a nonce, a policy). */
  public static final int MAX_QUERY_BYTES = 4096;

  private static final Set<ASN1ObjectIdentifier> ACCEPTED_DIGESTS =
      Set.of(NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512, GMObjectIdentifiers.sm3);

  private final KeyHandle key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * Creates the authority.
   *
   * @param key the TSA key with its chain (leaf first, without the root), not null
   * @param clock the source of genTime, not null
   * @throws IllegalArgumentException if the key has no certificate
   */
  public TimeStampAuthority(KeyHandle key, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException("key.chain must hold the TSA certificate, but was: empty");
    }
  }

  /**
   * Returns the TSA certificate.
   *
   * @return the leaf of the key's chain
   */
  public X509Certificate certificate() {
    return key.chain().get(0);
  }

  /**
   * Answers a DER TimeStampReq with a DER TimeStampResp: granted with a token, or rejected with a
   * PKIFailureInfo (badDataFormat for an unreadable query, badAlg, unacceptedPolicy, unacceptedExtension,
   * systemFailure when signing fails).
   *
   * @param query the request body, not null
   * @return the DER reply
   */
  public byte[] respond(byte[] query) {
    Objects.requireNonNull(query, "query");
    TimeStampRequest request;
    try {
      if (query.length > MAX_QUERY_BYTES) {
        return rejection(PKIFailureInfo.badDataFormat, "query must be at most " + MAX_QUERY_BYTES + " bytes");
      }
      DerLimits.check(query, "query");
      request = new TimeStampRequest(query);
    } catch (CmsFormatException e) {
      return rejection(PKIFailureInfo.badDataFormat, e.getMessage());
    } catch (IOException | RuntimeException e) {
      return rejection(PKIFailureInfo.badDataFormat, "query must be a DER TimeStampReq (RFC 3161 §2.4.1)");
    }
    try {
      TimeStampResponseGenerator generator =
          new TimeStampResponseGenerator(tokenGenerator(), ACCEPTED_DIGESTS, Set.of(new ASN1ObjectIdentifier(POLICY)), Set.of());
      // generate() turns validation failures (badAlg, badDataFormat for a wrong imprint length, …) into rejections.
      TimeStampResponse response = generator.generate(request, serial(), Date.from(clock.instant()));
      return response.getEncoded();
    } catch (TSPException | IOException | SignerException | RuntimeException e) { // a SigningFailure included
      return rejection(PKIFailureInfo.systemFailure, "the time-stamp could not be signed");
    }
  }

  /**
   * Time-stamps {@code data} in process (CAdES-T): a SHA-256 imprint, a random nonce, certReq set.
   *
   * @param data the bytes to stamp, not null
   * @return the DER ContentInfo of the token
   * @throws SignerException if the key fails to sign
   */
  @Override
  public byte[] timestamp(byte[] data) throws SignerException {
    Objects.requireNonNull(data, "data");
    TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
    requests.setCertReq(true);
    TimeStampRequest request =
        requests.generate(TSPAlgorithms.SHA256, DigestAlgorithm.SHA256.digest(data), new BigInteger(64, random));
    try {
      TimeStampToken token = tokenGenerator().generate(request, serial(), Date.from(clock.instant()));
      return token.toCMSSignedData().toASN1Structure().getEncoded(ASN1Encoding.DER);
    } catch (KeyHandleContentSigner.SigningFailure f) {
      throw f.signerException();
    } catch (TSPException | IOException e) {
      throw new SignerException("time-stamp token must be generated, but was: " + e.getMessage(), e);
    }
  }

  private TimeStampTokenGenerator tokenGenerator() throws SignerException {
    try {
      DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(Providers.bc()).build();
      SignerInfoGenerator signer =
          new JcaSignerInfoGeneratorBuilder(digests).build(new KeyHandleContentSigner(key), new JcaX509CertificateHolder(certificate()));
      TimeStampTokenGenerator generator = new TimeStampTokenGenerator(
          signer, digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), new ASN1ObjectIdentifier(POLICY));
      generator.setAccuracySeconds(1);
      generator.addCertificates(new JcaCertStore(key.chain()));
      return generator;
    } catch (OperatorCreationException | CertificateEncodingException | TSPException e) {
      throw new SignerException("TSA signer must be set up with " + key.algorithm() + ", but was: " + e.getMessage(), e);
    }
  }

  private BigInteger serial() {
    return new BigInteger(128, random).setBit(127); // 128 bits, positive, never zero
  }

  private static byte[] rejection(int failure, String text) {
    try {
      PKIStatusInfo status = new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(text), new PKIFailureInfo(failure));
      return new TimeStampResp(status, null).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("a status-only TimeStampResp must encode", e);
    }
  }
}
