package org.certhub.adapters.fabric;

import java.util.List;

/** Where the anchor gets RFC 9162 consistency proofs: {@code Ledger::consistencyProof}, bound after the ledger opens. */
@FunctionalInterface
public interface ConsistencyProofs {

  /** The proof hashes from tree size {@code from} to {@code to}. */
  List<byte[]> between(long from, long to);
}
