package org.certhub.signer.seal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certhub.signer.algorithm.DigestAlgorithm;

/**
 * What a seal is to say: its code, type and name, who may stamp with it, its validity window and its
 * picture.
 *
 * @param esId the unique seal code, IA5 characters, not empty
 * @param type the business-defined seal type
 * @param name the seal's name, e.g. the department's name
 * @param signers the certificates of the signers authorised to stamp with the seal, not empty
 * @param signerDigests empty to list the certificates ({@code certListType} 1); a digest algorithm to list
 *     their digests instead ({@code certListType} 2, the algorithm named in each entry)
 * @param validStart the start of the validity window
 * @param validEnd the end of the validity window, after {@code validStart}
 * @param picture the appearance; see {@link SealPictures}
 */
public record SealRequest(String esId, int type, String name, List<X509Certificate> signers,
    Optional<DigestAlgorithm> signerDigests, Instant validStart, Instant validEnd, SealInfo.Picture picture) {

  /** Validates the members. */
  public SealRequest {
    Objects.requireNonNull(esId, "esId");
    Objects.requireNonNull(name, "name");
    signers = List.copyOf(signers);
    Objects.requireNonNull(signerDigests, "signerDigests");
    Objects.requireNonNull(validStart, "validStart");
    Objects.requireNonNull(validEnd, "validEnd");
    Objects.requireNonNull(picture, "picture");
    if (esId.isEmpty() || !esId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("esId must be non-empty printable ASCII, but was: \"" + esId + "\"");
    }
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("signers must name at least one certificate, but was: empty");
    }
    if (!validEnd.isAfter(validStart)) {
      throw new IllegalArgumentException("validEnd must be after validStart " + validStart + ", but was: " + validEnd);
    }
  }
}
