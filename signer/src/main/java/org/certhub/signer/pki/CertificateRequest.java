package org.certhub.signer.pki;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.util.IPAddress;

/**
 * What a {@link CertificateAuthority} is asked to certify.
 *
 * @param subjectDn the subject distinguished name in RFC 4514 form, e.g. {@code
 *     "CN=Market Regulation Bureau,organizationIdentifier=11430000006122244L,O=Hunan,C=CN"}; the
 *     attribute names are Bouncy Castle's {@code BCStyle} names
 * @param publicKey the subject's public key: SM2, ECDSA P-256 or Ed25519
 * @param profile the certificate profile fixing the extensions
 * @param notBefore start of validity, inclusive
 * @param notAfter end of validity, after {@code notBefore}
 * @param dnsNames subjectAltName dNSName entries; may be empty
 * @param ipAddresses subjectAltName iPAddress entries (IPv4 or IPv6 literals); may be empty
 */
public record CertificateRequest(
    String subjectDn,
    PublicKey publicKey,
    CertificateProfile profile,
    Instant notBefore,
    Instant notAfter,
    List<String> dnsNames,
    List<String> ipAddresses) {

  /** Validates every component; throws NPE or IllegalArgumentException with the component name. */
  public CertificateRequest {
    Objects.requireNonNull(subjectDn, "subjectDn");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    dnsNames = List.copyOf(Objects.requireNonNull(dnsNames, "dnsNames"));
    ipAddresses = List.copyOf(Objects.requireNonNull(ipAddresses, "ipAddresses"));
    parseDn(subjectDn, "subjectDn");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter must be after notBefore " + notBefore + ", but was: " + notAfter);
    }
    for (int i = 0; i < dnsNames.size(); i++) {
      String d = dnsNames.get(i);
      if (d.isBlank() || !d.matches("[A-Za-z0-9*]([A-Za-z0-9.\\-]*[A-Za-z0-9])?")) {
        throw new IllegalArgumentException(
            "dnsNames[" + i + "] must be a DNS name, but was: \"" + d + "\"");
      }
    }
    for (int i = 0; i < ipAddresses.size(); i++) {
      String ip = ipAddresses.get(i);
      if (!IPAddress.isValid(ip)) {
        throw new IllegalArgumentException(
            "ipAddresses[" + i + "] must be an IPv4 or IPv6 address, but was: \"" + ip + "\"");
      }
    }
  }

  /**
   * Shorthand for a request without subject alternative names.
   *
   * @param subjectDn the subject DN
   * @param publicKey the subject key
   * @param profile the profile
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @return the request
   */
  public static CertificateRequest of(
      String subjectDn, PublicKey publicKey, CertificateProfile profile, Instant notBefore,
      Instant notAfter) {
    return new CertificateRequest(subjectDn, publicKey, profile, notBefore, notAfter, List.of(), List.of());
  }

  static X500Name parseDn(String dn, String name) {
    try {
      X500Name parsed = new X500Name(BCStyle.INSTANCE, dn);
      // RFC 4514 strings list the most specific RDN first; DER order is the reverse.
      org.bouncycastle.asn1.x500.RDN[] rdns = parsed.getRDNs();
      java.util.Collections.reverse(java.util.Arrays.asList(rdns));
      X500Name x = new X500Name(BCStyle.INSTANCE, rdns);
      if (x.getRDNs().length == 0) {
        throw new IllegalArgumentException(name + " must be a non-empty DN, but was: \"" + dn + "\"");
      }
      return x;
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(name + " must")) {
        throw e;
      }
      throw new IllegalArgumentException(
          name + " must be an RFC 4514 DN, but was: \"" + dn + "\" (" + e.getMessage() + ")", e);
    }
  }
}
