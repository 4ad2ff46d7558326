package org.certhub.signer.qr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The verifier's offline trust anchors: signer certificates by {@code kid}, each bound to an issuer.
 *
 * @param keys the trusted keys, in no particular order
 */
public record TrustList(List<TrustedKey> keys) {

  /** Copies the list. */
  public TrustList {
    keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
  }

  /**
   * Creates a trust list.
   *
   * @param keys the trusted keys
   * @return a new trust list
   */
  public static TrustList of(TrustedKey... keys) {
    return new TrustList(List.of(keys));
  }

  List<TrustedKey> byKid(byte[] kid) {
    List<TrustedKey> out = new ArrayList<>();
    for (TrustedKey k : keys) {
      if (Arrays.equals(k.kid(), kid)) {
        out.add(k);
      }
    }
    return out;
  }
}
