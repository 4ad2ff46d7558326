package org.certhub.signer.seal;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.Verifier;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateVerificationException;
import org.certhub.signer.pki.ChainValidator;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.seal.SealCheck.Name;
import org.certhub.signer.seal.SealCheck.Status;

/**
 * Verifies seals and stamps of every generation (v1, v4, v5), making the checks of FORMATS.md §1.8
 * and reporting each one ({@link SealReport}); it never throws on untrusted input.
 *
 * <p>Contracts:
 *
 * <ul>
 *   <li>Signature algorithms come from the certificate's key; a claimed {@code signAlgID} that differs
 *       fails the check rather than choosing the algorithm.
 *   <li>SM2 signatures are accepted as DER {@code SEQUENCE {r, s}} or raw 64-byte {@code r‖s}.
 *   <li>The maker's signature is accepted over {@code SEQUENCE {eSealInfo, cert, signAlgID}} (what we
 *       write) or over {@code eSealInfo} alone (what ofdrw writes); the detail names which.
 *   <li>The stamping time is the timestamp's genTime when a trusted timestamp is present, else the
 *       claimed {@code timeInfo}. A seal revoked before the stamping time fails the stamp; a seal revoked
 *       after a claimed {@code timeInfo} with no timestamp to prove it is {@link Status#INDETERMINATE}.
 *   <li>The signer's chain is judged at the timestamp's genTime, without one at now (as {@code
 *       CmsVerifier} does); the maker's chain at the seal's {@code createDate}.
 * </ul>
 */
public final class SealVerifier {

  private final SealTrust trust;
  private final RevocationSource revocations;
  private final SealStatusSource statuses;
  private final Clock clock;

  /**
   * Creates a verifier.
   *
   * @param trust the trust anchors per role, not null
   * @param revocations certificate revocation for the maker, signer and TSA chains, not null
   * @param statuses seal revocation by esID, not null
   * @param clock the source of now, not null
   */
  public SealVerifier(SealTrust trust, RevocationSource revocations, SealStatusSource statuses, Clock clock) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies a seal on its own: format, maker signature and certificate, and validity and status now.
   *
   * @param der the DER {@code SESeal}, not null
   * @return the report; the stamp checks are {@link Status#NOT_APPLICABLE}
   */
  public SealReport verifySeal(byte[] der) {
    Objects.requireNonNull(der, "der");
    Run run = new Run();
    Seal seal;
    try {
      seal = Seal.decode(der);
    } catch (SealFormatException e) {
      return run.formatFailure(e);
    }
    run.pass(Name.FORMAT, seal.version() + " SESeal " + seal.info().esId());
    run.seal(seal);
    Instant now = clock.instant();
    run.sealValidity(seal, now, "now");
    run.sealStatus(seal, now, true, "now");
    for (Name n : List.of(Name.SIGNER_AUTHORISED, Name.SIGNER_CERTIFICATE, Name.STAMP_SIGNATURE, Name.TIMESTAMP, Name.CONTENT)) {
      run.put(n, Status.NOT_APPLICABLE, "a seal on its own");
    }
    return run.report(Optional.of(seal), Optional.empty());
  }

  /**
   * Verifies a stamp over {@code content}: all ten checks.
   *
   * @param der the DER {@code SES_Signature}, not null
   * @param content the protected bytes (OFD: the {@code Signature.xml}), not null
   * @return the report
   */
  public SealReport verifyStamp(byte[] der, byte[] content) {
    Objects.requireNonNull(content, "content");
    return verifyStampDigest(der, DigestAlgorithm.SM3.digest(content));
  }

  /**
   * Verifies a stamp over content known only by its SM3 digest: all ten checks, {@code CONTENT} comparing
   * the given digest with {@code dataHash}.
   *
   * @param der the DER {@code SES_Signature}, not null
   * @param sm3 the SM3 digest of the protected bytes, not null
   * @return the report
   */
  public SealReport verifyStampDigest(byte[] der, byte[] sm3) {
    Objects.requireNonNull(der, "der");
    Objects.requireNonNull(sm3, "sm3");
    byte[] hash = sm3.clone();
    Run run = new Run();
    Stamp stamp;
    try {
      stamp = Stamp.decode(der);
    } catch (SealFormatException e) {
      return run.formatFailure(e);
    }
    Seal seal = stamp.seal();
    run.pass(Name.FORMAT, stamp.version() + " SES_Signature with seal " + seal.info().esId());
    run.seal(seal);
    Optional<Instant> proven = run.timestamp(stamp);
    Instant at = proven.orElse(stamp.timeInfo());
    String when = proven.isPresent() ? "the timestamp's genTime" : "the claimed timeInfo";
    run.sealValidity(seal, at, when);
    run.sealStatus(seal, at, proven.isPresent(), when);
    run.signer(stamp, proven.orElse(clock.instant()), proven.isPresent() ? "the timestamp's genTime" : "now");
    if (MessageDigest.isEqual(hash, stamp.dataHash())) {
      run.pass(Name.CONTENT, "SM3 of the content equals dataHash");
    } else {
      run.fail(Name.CONTENT, "SES_Signature.toSign.dataHash must be the SM3 digest of the content, but was: the digest of other data");
    }
    return run.report(Optional.of(seal), Optional.of(stamp));
  }

  /** The checks of one verification, filled in as they are made. */
  private final class Run {
    private final Map<Name, SealCheck> checks = new EnumMap<>(Name.class);

    SealReport formatFailure(SealFormatException e) {
      fail(Name.FORMAT, e.getMessage());
      return report(Optional.empty(), Optional.empty());
    }

    SealReport report(Optional<Seal> seal, Optional<Stamp> stamp) {
      List<SealCheck> out = new ArrayList<>();
      for (Name n : Name.values()) {
        out.add(checks.getOrDefault(n, new SealCheck(n, Status.NOT_CHECKED, "not made: an earlier check failed")));
      }
      return new SealReport(SealReport.verdict(out), out, seal, stamp);
    }

    /** SEAL_SIGNATURE and MAKER_CERTIFICATE. */
    void seal(Seal seal) {
      String path = seal.version() == SealVersion.V1 ? "SESeal.signInfo" : "SESeal";
      X509Certificate maker;
      try {
        maker = certificate(seal.makerCertificate(), path + ".cert");
      } catch (SealFormatException e) {
        fail(Name.SEAL_SIGNATURE, e.getMessage());
        return;
      }
      try {
        Verifier verifier = verifier(maker, seal.signatureAlgorithm(), path + (seal.version() == SealVersion.V1 ? ".signatureAlgorithm" : ".signAlgID"), "maker");
        byte[] bound = SealCodec.makerSignedBytes(seal.infoEncoding(), seal.makerCertificate(), seal.signatureAlgorithm());
        if (verifies(verifier, seal.signature(), bound)) {
          pass(Name.SEAL_SIGNATURE, verifier.algorithm() + " signature over SEQUENCE {eSealInfo, cert, signAlgID} verifies");
        } else if (verifies(verifier, seal.signature(), seal.infoEncoding())) {
          pass(Name.SEAL_SIGNATURE, verifier.algorithm() + " signature over eSealInfo verifies");
        } else {
          fail(Name.SEAL_SIGNATURE, path + ".signedValue must be the maker's signature over SEQUENCE {eSealInfo, cert, signAlgID}"
              + " or over eSealInfo, but was: neither verifies");
        }
      } catch (SignerException e) {
        fail(Name.SEAL_SIGNATURE, e.getMessage());
      } catch (RuntimeException e) {
        fail(Name.SEAL_SIGNATURE, "the maker's signature must be checkable, but was: " + e);
      }
      chain(Name.MAKER_CERTIFICATE, maker, trust.makerAnchors(), seal.info().property().createDate(), CertificateProfile.SEAL_MAKER,
          "maker", "createDate");
    }

    void sealValidity(Seal seal, Instant at, String when) {
      SealInfo.Property p = seal.info().property();
      if (at.isBefore(p.validStart()) || at.isAfter(p.validEnd())) {
        fail(Name.SEAL_VALIDITY, "SESeal.eSealInfo.property validity window must hold " + when + " " + at + ", but was: ["
            + p.validStart() + ", " + p.validEnd() + "]");
      } else {
        pass(Name.SEAL_VALIDITY, when + " " + at + " is within [" + p.validStart() + ", " + p.validEnd() + "]");
      }
    }

    void sealStatus(Seal seal, Instant at, boolean proven, String when) {
      Optional<Instant> revoked;
      try {
        revoked = statuses.revokedAt(seal.info().esId());
      } catch (RuntimeException e) {
        put(Name.SEAL_STATUS, Status.INDETERMINATE, "seal status must be known, but the source failed: " + e);
        return;
      }
      if (revoked.isEmpty()) {
        pass(Name.SEAL_STATUS, "seal " + seal.info().esId() + " is not revoked");
      } else if (!at.isBefore(revoked.get())) {
        fail(Name.SEAL_STATUS, "seal " + seal.info().esId() + " must be unrevoked at " + when + " " + at + ", but was: revoked at "
            + revoked.get());
      } else if (proven) {
        pass(Name.SEAL_STATUS, "seal revoked at " + revoked.get() + ", after " + when + " " + at);
      } else {
        put(Name.SEAL_STATUS, Status.INDETERMINATE, "seal revoked at " + revoked.get() + "; " + when + " " + at
            + " is earlier but no timestamp proves it");
      }
    }

    /** SIGNER_AUTHORISED, SIGNER_CERTIFICATE and STAMP_SIGNATURE. */
    void signer(Stamp stamp, Instant at, String when) {
      String path = stamp.version() == SealVersion.V1 ? "SES_Signature.toSign" : "SES_Signature";
      if (Stamper.authorises(stamp.seal().info().property(), stamp.signerCertificate())) {
        pass(Name.SIGNER_AUTHORISED, "the signer's certificate is in the seal's certList (type "
            + stamp.seal().info().property().certListType() + ")");
      } else {
        fail(Name.SIGNER_AUTHORISED, path + ".cert must be authorised by SESeal.eSealInfo.property.certList, but was: not listed");
      }
      X509Certificate signer;
      try {
        signer = certificate(stamp.signerCertificate(), path + ".cert");
      } catch (SealFormatException e) {
        fail(Name.STAMP_SIGNATURE, e.getMessage());
        return;
      }
      chain(Name.SIGNER_CERTIFICATE, signer, trust.signerAnchors(), at, CertificateProfile.DOCUMENT_SIGNING, "signer", when);
      try {
        Verifier verifier = verifier(signer, stamp.signatureAlgorithm(), path + (stamp.version() == SealVersion.V1
            ? ".signatureAlgorithm" : ".signatureAlgID"), "signer");
        if (verifies(verifier, stamp.signature(), stamp.toSignEncoding())) {
          pass(Name.STAMP_SIGNATURE, verifier.algorithm() + " signature over toSign verifies");
        } else {
          fail(Name.STAMP_SIGNATURE, "SES_Signature.signature must be the signer's signature over toSign, but was: invalid");
        }
      } catch (SignerException e) {
        fail(Name.STAMP_SIGNATURE, e.getMessage());
      } catch (RuntimeException e) {
        fail(Name.STAMP_SIGNATURE, "the signer's signature must be checkable, but was: " + e);
      }
    }

    /** TIMESTAMP; returns its genTime only if every part of it holds. */
    Optional<Instant> timestamp(Stamp stamp) {
      if (stamp.timeStamp().isEmpty()) {
        put(Name.TIMESTAMP, Status.NOT_APPLICABLE, "no timestamp");
        return Optional.empty();
      }
      String where = "SES_Signature.timeStamp";
      try {
        byte[] bytes = stamp.timeStamp().get();
        SealCodec.check(bytes, where);
        ContentInfo contentInfo = ContentInfo.getInstance(bytes);
        if (!CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
          // Bouncy Castle does not look at it, and no signature covers it
          fail(Name.TIMESTAMP, where + ".contentType must be id-signedData, but was: " + contentInfo.getContentType());
          return Optional.empty();
        }
        TimeStampToken token = new TimeStampToken(new CMSSignedData(contentInfo));
        TimeStampTokenInfo info = token.getTimeStampInfo();
        Instant genTime = info.getGenTime().toInstant();
        String imprintOid = info.getMessageImprintAlgOID().getId();
        Optional<DigestAlgorithm> digest = Stamper.digestAlgorithm(imprintOid);
        if (digest.isEmpty()) {
          fail(Name.TIMESTAMP, where + ".messageImprint.hashAlgorithm must be SHA-256 or SM3, but was: " + imprintOid);
          return Optional.empty();
        }
        if (!MessageDigest.isEqual(digest.get().digest(stamp.signature()), info.getMessageImprintDigest())) {
          fail(Name.TIMESTAMP, where + ".messageImprint must be the hash of SES_Signature.signature, but was: the hash of other data");
          return Optional.empty();
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(Providers.bc());
        X509Certificate tsa = null;
        List<X509Certificate> pool = new ArrayList<>(trust.intermediates());
        for (X509CertificateHolder h : token.getCertificates().getMatches(null)) {
          X509Certificate c = converter.getCertificate(h);
          pool.add(c);
          if (token.getSID().match(h)) {
            tsa = c;
          }
        }
        if (tsa == null) {
          fail(Name.TIMESTAMP, where + ".certificates must hold the TSA certificate, but was: absent");
          return Optional.empty();
        }
        SignatureAlgorithm alg = SignatureAlgorithm.forKey(tsa.getPublicKey());
        SignerInformation tsaSigner = token.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
        if (!alg.oid().equals(tsaSigner.getEncryptionAlgOID())) {
          fail(Name.TIMESTAMP, where + ".signerInfos[0].signatureAlgorithm must be " + alg.oid() + " (bound to the TSA's key), but was: "
              + tsaSigner.getEncryptionAlgOID());
          return Optional.empty();
        }
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Providers.bc()).build(tsa));
        if (trust.tsaAnchors().isEmpty()) {
          put(Name.TIMESTAMP, Status.INDETERMINATE, "TSA must chain to a trust anchor, but was: no TSA trust anchors configured");
          return Optional.empty();
        }
        ChainValidator.validate(ChainValidator.pathFrom(tsa, pool), trust.tsaAnchors(), genTime, CertificateProfile.TIME_STAMPING, revocations);
        pass(Name.TIMESTAMP, "token over the signature value verifies, TSA trusted; genTime " + genTime);
        return Optional.of(genTime);
      } catch (CertificateVerificationException e) {
        put(Name.TIMESTAMP, e.reason() == CertificateVerificationException.Reason.UNTRUSTED ? Status.INDETERMINATE : Status.FAILED,
            "TSA " + e.getMessage());
      } catch (SignerException e) {
        fail(Name.TIMESTAMP, e.getMessage());
      } catch (TSPException | CMSException | CertificateException | OperatorCreationException | IOException | RuntimeException e) {
        fail(Name.TIMESTAMP, where + " must be an RFC 3161 TimeStampToken that verifies, but was: " + e.getMessage());
      }
      return Optional.empty();
    }

    private void chain(Name name, X509Certificate leaf, Set<X509Certificate> anchors, Instant at, CertificateProfile profile,
        String role, String when) {
      try {
        ChainValidator.validate(ChainValidator.pathFrom(leaf, trust.intermediates()), anchors, at, profile, revocations);
        pass(name, role + " " + leaf.getSubjectX500Principal().getName() + " chains to a trust anchor at " + when + " " + at);
      } catch (CertificateVerificationException e) {
        put(name, e.reason() == CertificateVerificationException.Reason.UNTRUSTED ? Status.INDETERMINATE : Status.FAILED,
            role + " " + e.getMessage());
      } catch (RuntimeException e) {
        fail(name, role + " certificate must validate, but was: " + e.getMessage());
      }
    }

    void pass(Name n, String detail) {
      put(n, Status.PASSED, detail);
    }

    void fail(Name n, String detail) {
      put(n, Status.FAILED, detail);
    }

    void put(Name n, Status s, String detail) {
      checks.put(n, new SealCheck(n, s, detail));
    }
  }

  /** A verifier for the certificate's key; the claimed OID must be that key's algorithm. */
  private static Verifier verifier(X509Certificate cert, String claimedOid, String path, String role) throws SignerException {
    Verifier verifier;
    try {
      verifier = Verifier.forCertificate(cert);
    } catch (RuntimeException e) { // a certificate whose key Bouncy Castle parsed lazily and could not decode
      throw new SignerException(role + " certificate key must be a usable public key, but was: " + e, e);
    }
    if (!verifier.algorithm().oid().equals(claimedOid)) {
      throw new SignerException(path + " must be " + verifier.algorithm().oid() + " (" + verifier.algorithm() + ", bound to the "
          + role + "'s key), but was: " + claimedOid);
    }
    return verifier;
  }

  private static boolean verifies(Verifier verifier, byte[] signature, byte[] data) {
    try {
      verifier.verify(signature, data);
      return true;
    } catch (SignerException | RuntimeException e) {
      return false;
    }
  }

  private static X509Certificate certificate(byte[] der, String path) throws SealFormatException {
    SealCodec.check(der, path);
    try {
      return new JcaX509CertificateConverter().setProvider(Providers.bc()).getCertificate(new X509CertificateHolder(der));
    } catch (CertificateException | IOException | RuntimeException e) {
      throw new SealFormatException(path + " must be a DER X.509 certificate, but was: " + e.getMessage(), e);
    }
  }
}
