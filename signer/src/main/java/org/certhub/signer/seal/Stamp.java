package org.certhub.signer.seal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An electronic stamp ({@code SES_Signature}): a signer's signature over the digest of some content,
 * with the seal embedded. Byte arrays are returned as held: treat them as read-only.
 *
 * @param version the generation (that of the embedded seal; v1 by shape)
 * @param seal the embedded seal
 * @param timeInfo the signing time the signer claims ({@code toSign.timeInfo})
 * @param dataHash the SM3 digest of the protected content
 * @param propertyInfo free text describing the original (OFD: the path of {@code Signature.xml})
 * @param signerCertificate the signer's DER certificate
 * @param signatureAlgorithm the claimed dotted algorithm OID
 * @param signature the signature over {@link #toSignEncoding()}, DER or raw {@code r‖s} as found
 * @param timeStamp the RFC 3161 token over the signature value, if any
 * @param toSignEncoding the exact bytes of {@code toSign} as they appear in {@link #encoded()}
 * @param encoded the DER of the whole {@code SES_Signature}
 */
public record Stamp(SealVersion version, Seal seal, Instant timeInfo, byte[] dataHash, String propertyInfo,
    byte[] signerCertificate, String signatureAlgorithm, byte[] signature, Optional<byte[]> timeStamp,
    byte[] toSignEncoding, byte[] encoded) {

  /** Validates the members. */
  public Stamp {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(timeInfo, "timeInfo");
    Objects.requireNonNull(dataHash, "dataHash");
    Objects.requireNonNull(propertyInfo, "propertyInfo");
    Objects.requireNonNull(signerCertificate, "signerCertificate");
    Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(timeStamp, "timeStamp");
    Objects.requireNonNull(toSignEncoding, "toSignEncoding");
    Objects.requireNonNull(encoded, "encoded");
  }

  /**
   * Reads a stamp of any generation (v1, v4, v5).
   *
   * @param der the DER {@code SES_Signature}, not null
   * @return the stamp
   * @throws SealFormatException naming the structure path of the first malformed value
   */
  public static Stamp decode(byte[] der) throws SealFormatException {
    return SealCodec.readStamp(der);
  }
}
