package org.certhub.ledger.anchor;

import java.io.IOException;
import java.util.List;

/** Where checkpoints are anchored. Implementations must be append-only and durable when {@link #anchor} returns. */
public interface AnchorPort {

  /** Records a signed checkpoint note; durable on return. */
  void anchor(String signedCheckpoint) throws IOException;

  /** Every anchored checkpoint note, oldest first. */
  List<String> anchored() throws IOException;
}
