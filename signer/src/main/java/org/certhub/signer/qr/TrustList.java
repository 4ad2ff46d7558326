package org.certhub.signer.qr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The verifier's offline trust anchors: signer certificates by {@code kid}, each bound to an issuer,
 * and the licence types whose field indexes presentations use.
 *
 * @param keys the trusted keys, in no particular order
 * @param types the licence types, codes distinct
 */
public record TrustList(List<TrustedKey> keys, List<TrustedType> types) {

  /** Copies the lists; rejects two types with one code. */
  public TrustList {
    keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    types = List.copyOf(Objects.requireNonNull(types, "types"));
    Set<String> codes = new HashSet<>();
    for (TrustedType t : types) {
      if (!codes.add(t.code())) {
        throw new IllegalArgumentException("types must have distinct codes, but " + t.code() + " repeats");
      }
    }
  }

  /**
   * Creates a trust list of keys without licence types: enough for status and trust lists, not for
   * presentations (their type would be unknown).
   *
   * @param keys the trusted keys
   * @return a new trust list
   */
  public static TrustList of(TrustedKey... keys) {
    return new TrustList(List.of(keys), List.of());
  }

  /**
   * The licence type with this code.
   *
   * @param code a type code
   * @return the type, or empty if the list has none of that code
   */
  public Optional<TrustedType> type(String code) {
    return types.stream().filter(t -> t.code().equals(code)).findFirst();
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
