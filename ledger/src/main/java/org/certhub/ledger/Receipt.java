package org.certhub.ledger;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Proof of durable logging returned by {@link Ledger#append(byte[])}: the entry's index and its
 * RFC 9162 leaf hash {@code H(0x00 || entry)}. An inclusion proof for it can then be fetched with
 * {@link Ledger#inclusionProof(long, long)} and checked against a signed checkpoint.
 *
 * @param index the 0-based entry index, {@code >= 0}
 * @param leafHash the leaf hash; copied in and out
 */
public record Receipt(long index, byte[] leafHash) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code index} is negative or the leaf hash is empty
   */
  public Receipt {
    Objects.requireNonNull(leafHash, "leafHash");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, but was: " + index);
    }
    if (leafHash.length == 0) {
      throw new IllegalArgumentException("leafHash must be non-empty, but was: 0 bytes");
    }
    leafHash = leafHash.clone();
  }

  /**
   * Returns a copy of the leaf hash.
   *
   * @return the leaf hash
   */
  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r && index == r.index && Arrays.equals(leafHash, r.leafHash);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(index) + Arrays.hashCode(leafHash);
  }

  @Override
  public String toString() {
    return "Receipt[index=" + index + ", leafHash=" + HexFormat.of().formatHex(leafHash) + "]";
  }
}
