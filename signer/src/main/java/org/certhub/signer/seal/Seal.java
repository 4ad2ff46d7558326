package org.certhub.signer.seal;

import java.util.Objects;
import java.util.Optional;

/**
 * An electronic seal ({@code SESeal}) as read or made. Byte arrays are returned as held: treat them as
 * read-only.
 *
 * @param version the generation, detected by shape and header version
 * @param info the seal information the maker signed
 * @param makerCertificate the seal maker's DER certificate ({@code cert}; v1 {@code signInfo.cert})
 * @param signatureAlgorithm the claimed dotted {@code signAlgID}; a verifier takes the algorithm from the
 *     certificate's key and only compares this with it
 * @param signature the maker's signature ({@code signedValue}), DER or raw {@code r‖s} as found
 * @param timeStamp the v5 seal timestamp token, if any
 * @param infoEncoding the exact bytes of {@code eSealInfo} as they appear in {@link #encoded()}
 * @param encoded the DER of the whole {@code SESeal}
 */
public record Seal(SealVersion version, SealInfo info, byte[] makerCertificate, String signatureAlgorithm, byte[] signature,
    Optional<byte[]> timeStamp, byte[] infoEncoding, byte[] encoded) {

  /** Validates the members. */
  public Seal {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(makerCertificate, "makerCertificate");
    Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(timeStamp, "timeStamp");
    Objects.requireNonNull(infoEncoding, "infoEncoding");
    Objects.requireNonNull(encoded, "encoded");
  }

  /**
   * Reads a seal of any generation (v1, v4, v5).
   *
   * @param der the DER {@code SESeal}, not null
   * @return the seal
   * @throws SealFormatException naming the structure path of the first malformed value
   */
  public static Seal decode(byte[] der) throws SealFormatException {
    return SealCodec.readSeal(der);
  }

  /**
   * Returns whether this seal authorises {@code signer} to stamp: its certificate listed byte for byte, or
   * its digest listed under a known algorithm.
   *
   * @param signer the DER certificate of the would-be signer, not null
   */
  public boolean authorises(byte[] signer) {
    return Stamper.authorises(info.property(), Objects.requireNonNull(signer, "signer"));
  }
}
