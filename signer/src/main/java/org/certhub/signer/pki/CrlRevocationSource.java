package org.certhub.signer.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;

/**
 * Revocation status from X.509 v2 CRLs (RFC 5280 §5), each authenticated when the source is built.
 *
 * <p>{@link #of} accepts a CRL only if, in this order: its issuer name is the subject of one of the
 * given issuer certificates (and, when both are present, the CRL's AuthorityKeyIdentifier equals that
 * certificate's SubjectKeyIdentifier); that certificate's key is in the algorithm registry and the
 * CRL's signature algorithm is that key's; the certificate may sign CRLs (KeyUsage cRLSign, when
 * KeyUsage is present); the signature verifies with its key (Bouncy Castle, so SM3withSM2 works); and
 * neither the CRL nor an entry has a critical extension (RFC 5280 §5.2 and §5.3: a CRL with a critical
 * extension the relying party does not process, such as a delta-CRL indicator or an indirect CRL's
 * certificateIssuer, must not be used). An entry whose reason is removeFromCRL (8) is refused too:
 * it only belongs in delta CRLs. The issuer certificates themselves are not validated here; pass the
 * CA certificates of a chain that {@link ChainValidator} accepts.
 *
 * <p>Lookups match the certificate's issuer name (and AuthorityKeyIdentifier against the CRL
 * issuer's SubjectKeyIdentifier, so a re-keyed CA's CRL does not speak for the old key) and serial
 * number. When several CRLs of the same issuer key are given, the one with the highest CRLNumber
 * (then the latest thisUpdate) is used.
 *
 * <p>Freshness is the caller's policy: {@link #nextUpdate(X500Principal)} tells when a CRL expires;
 * this source does not refuse a CRL past its nextUpdate, because validating a past signature with the
 * CRL that was current then is legitimate.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CrlRevocationSource implements RevocationSource {

  private final Map<X500Principal, List<VerifiedCrl>> byIssuer;

  /** A CRL after its checks: who issued it (name and key id) and its entries by serial. */
  private record VerifiedCrl(
      X500Principal issuer, byte[] issuerKeyId, BigInteger number, Instant thisUpdate,
      Instant nextUpdate, Map<BigInteger, Revocation> entries) {

    boolean sameKey(VerifiedCrl o) {
      return issuer.equals(o.issuer) && Arrays.equals(issuerKeyId, o.issuerKeyId);
    }

    boolean newerThan(VerifiedCrl o) {
      int byNumber = number.compareTo(o.number);
      return byNumber != 0 ? byNumber > 0 : thisUpdate.isAfter(o.thisUpdate);
    }
  }

  private CrlRevocationSource(Map<X500Principal, List<VerifiedCrl>> byIssuer) {
    this.byIssuer = byIssuer;
  }

  /**
   * Verifies each CRL against its issuer certificate and builds the source.
   *
   * @param crls the CRLs, from any provider, not null (may be empty)
   * @param issuers the CA certificates whose CRLs may be used, not null
   * @return the source
   * @throws CrlVerificationException naming the first CRL ({@code crl[i]}) that fails a check
   */
  public static CrlRevocationSource of(List<X509CRL> crls, Collection<X509Certificate> issuers)
      throws CrlVerificationException {
    Objects.requireNonNull(crls, "crls");
    Objects.requireNonNull(issuers, "issuers");
    Map<X500Principal, List<VerifiedCrl>> byIssuer = new HashMap<>();
    for (int i = 0; i < crls.size(); i++) {
      VerifiedCrl v = verify(Objects.requireNonNull(crls.get(i), "crls element"), "crl[" + i + "]", issuers);
      List<VerifiedCrl> list = byIssuer.computeIfAbsent(v.issuer(), k -> new ArrayList<>());
      boolean replaced = false;
      for (int j = 0; j < list.size(); j++) {
        if (list.get(j).sameKey(v)) {
          if (v.newerThan(list.get(j))) {
            list.set(j, v);
          }
          replaced = true;
        }
      }
      if (!replaced) {
        list.add(v);
      }
    }
    byIssuer.replaceAll((k, v) -> List.copyOf(v));
    return new CrlRevocationSource(Collections.unmodifiableMap(byIssuer));
  }

  private static VerifiedCrl verify(X509CRL crl, String path, Collection<X509Certificate> issuers)
      throws CrlVerificationException {
    X509CRLHolder holder;
    try {
      holder = new X509CRLHolder(crl.getEncoded());
    } catch (CRLException | IOException | RuntimeException e) {
      throw new CrlVerificationException(path + " must be a DER X.509 CRL, but was: " + e.getMessage(), e);
    }
    X500Principal issuerName = crl.getIssuerX500Principal();
    byte[] aki;
    try {
      Extension akiExt = holder.getExtension(Extension.authorityKeyIdentifier);
      aki = akiExt == null
          ? null
          : AuthorityKeyIdentifier.getInstance(akiExt.getParsedValue()).getKeyIdentifierOctets();
    } catch (RuntimeException e) {
      throw new CrlVerificationException(
          path + ".authorityKeyIdentifier must be well formed, but was: " + e.getMessage(), e);
    }
    X509Certificate issuer = null;
    List<String> candidates = new ArrayList<>();
    for (X509Certificate c : issuers) {
      candidates.add(ChainValidator.name(c.getSubjectX500Principal()));
      if (c.getSubjectX500Principal().equals(issuerName)) {
        byte[] ski = subjectKeyId(c);
        if (aki == null || ski == null || Arrays.equals(aki, ski)) {
          issuer = c;
          break;
        }
      }
    }
    String issuerText = ChainValidator.name(issuerName);
    if (issuer == null) {
      throw new CrlVerificationException(path + ".issuer must be the subject (and key) of one of the"
          + " issuer certificates " + candidates + ", but was: " + issuerText);
    }
    SignatureAlgorithm algorithm;
    try {
      algorithm = SignatureAlgorithm.forKey(issuer.getPublicKey());
    } catch (UnsupportedAlgorithmException e) {
      throw new CrlVerificationException(path + " issuer " + issuerText + " key: " + e.getMessage(), e);
    }
    if (!algorithm.oid().equals(crl.getSigAlgOID())) {
      throw new CrlVerificationException(path + ".signatureAlgorithm must be " + algorithm.oid() + " ("
          + algorithm + ", the key of " + issuerText + "), but was: " + crl.getSigAlgOID());
    }
    boolean[] ku = issuer.getKeyUsage();
    if (ku != null && (ku.length <= 6 || !ku[6])) {
      throw new CrlVerificationException(path + " issuer " + issuerText
          + " keyUsage must include cRLSign, but was: without it");
    }
    if (!signatureValid(holder, issuer)) {
      throw new CrlVerificationException(
          path + ".signature must verify with the key of " + issuerText + ", but was: invalid");
    }
    Set<String> critical = crl.getCriticalExtensionOIDs();
    if (critical != null && !critical.isEmpty()) {
      throw new CrlVerificationException(path + " must have no critical extension (delta and indirect"
          + " CRLs are not processed), but was: critical " + new java.util.TreeSet<>(critical));
    }
    Map<BigInteger, Revocation> entries = new HashMap<>();
    Set<? extends X509CRLEntry> revoked = crl.getRevokedCertificates();
    if (revoked != null) {
      for (X509CRLEntry e : revoked) {
        String entryPath = path + " entry " + e.getSerialNumber().toString(16);
        Set<String> entryCritical = e.getCriticalExtensionOIDs();
        if (entryCritical != null && !entryCritical.isEmpty()) {
          throw new CrlVerificationException(entryPath + " must have no critical extension, but was:"
              + " critical " + new java.util.TreeSet<>(entryCritical));
        }
        int reason = reason(e, entryPath);
        if (reason == 8) {
          throw new CrlVerificationException(entryPath + ".reasonCode must not be removeFromCRL (8) in a"
              + " complete CRL, but was: 8");
        }
        Revocation r;
        try {
          r = new Revocation(e.getRevocationDate().toInstant(), reason);
        } catch (IllegalArgumentException ex) {
          throw new CrlVerificationException(entryPath + ": " + ex.getMessage(), ex);
        }
        entries.put(e.getSerialNumber(), r);
      }
    }
    Extension numberExt = holder.getExtension(Extension.cRLNumber);
    BigInteger number = numberExt == null
        ? BigInteger.valueOf(-1)
        : CRLNumber.getInstance(numberExt.getParsedValue()).getCRLNumber();
    Instant next = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
    return new VerifiedCrl(issuerName, subjectKeyId(issuer), number, crl.getThisUpdate().toInstant(),
        next, Map.copyOf(entries));
  }

  private static boolean signatureValid(X509CRLHolder holder, X509Certificate issuer) {
    try {
      return holder.isSignatureValid(
          new JcaContentVerifierProviderBuilder().setProvider(Providers.bc()).build(issuer.getPublicKey()));
    } catch (OperatorCreationException | CertException | RuntimeException e) {
      return false;
    }
  }

  private static int reason(X509CRLEntry e, String path) throws CrlVerificationException {
    byte[] ext = e.getExtensionValue(Extension.reasonCode.getId());
    if (ext == null) {
      return 0; // RFC 5280 §5.3.1: absent means unspecified
    }
    try {
      return ASN1Enumerated.getInstance(ASN1OctetString.getInstance(ext).getOctets()).intValueExact();
    } catch (RuntimeException ex) {
      throw new CrlVerificationException(
          path + ".reasonCode must be an ENUMERATED CRLReason, but was: undecodable", ex);
    }
  }

  private static byte[] subjectKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext == null) {
      return null;
    }
    try {
      return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] authorityKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (ext == null) {
      return null;
    }
    try {
      return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifierOctets();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Returns the revocation of {@code certificate} if a CRL of its issuer lists its serial number.
   *
   * @param certificate the certificate, not null
   * @return the revocation, or empty if no CRL of its issuer (key) lists it, or none was given
   */
  @Override
  public Optional<Revocation> revocation(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    List<VerifiedCrl> crls = byIssuer.get(certificate.getIssuerX500Principal());
    if (crls == null) {
      return Optional.empty();
    }
    byte[] aki = authorityKeyId(certificate);
    for (VerifiedCrl crl : crls) {
      if (aki != null && crl.issuerKeyId() != null && !Arrays.equals(aki, crl.issuerKeyId())) {
        continue;
      }
      Revocation r = crl.entries().get(certificate.getSerialNumber());
      if (r != null) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns whether a verified CRL of {@code issuer} is held, so that absence from it means "not
   * revoked" rather than "unknown".
   *
   * @param issuer the CA certificate, not null
   * @return true if a CRL signed by that certificate's key was given
   */
  public boolean covers(X509Certificate issuer) {
    Objects.requireNonNull(issuer, "issuer");
    List<VerifiedCrl> crls = byIssuer.get(issuer.getSubjectX500Principal());
    if (crls == null) {
      return false;
    }
    byte[] ski = subjectKeyId(issuer);
    return crls.stream().anyMatch(c -> ski == null || c.issuerKeyId() == null || Arrays.equals(ski, c.issuerKeyId()));
  }

  /**
   * Returns the earliest nextUpdate among the CRLs held for {@code issuer}, the time after which a
   * fresher CRL should be fetched.
   *
   * @param issuer the CRL issuer's name, not null
   * @return the nextUpdate, or empty if no CRL of that issuer is held or it has none
   */
  public Optional<Instant> nextUpdate(X500Principal issuer) {
    Objects.requireNonNull(issuer, "issuer");
    return byIssuer.getOrDefault(issuer, List.of()).stream()
        .map(VerifiedCrl::nextUpdate).filter(Objects::nonNull).min(Instant::compareTo);
  }

  @Override
  public String toString() {
    return "CrlRevocationSource[" + byIssuer.values().stream().mapToInt(List::size).sum() + " CRL(s)]";
  }
}
