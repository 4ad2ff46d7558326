package org.certhub.exchange.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.certhub.signer.SignerException;

/**
 * A signed document the hub serves to everyone (a trust list, a status list): built on first use, reused until it
 * is {@code rebuildAfter} old or {@link #invalidate()}d by a change, so a change shows at once and signing does not
 * run per request.
 */
public final class SignedSnapshot {
  /** Builds and signs the document as of {@code now}. */
  @FunctionalInterface
  public interface Builder {
    byte[] build(Instant now) throws SignerException;
  }

  private final Duration rebuildAfter;
  private final Clock clock;
  private final Builder builder;
  private byte[] current;
  private Instant builtAt;

  public SignedSnapshot(Duration rebuildAfter, Clock clock, Builder builder) {
    this.rebuildAfter = rebuildAfter;
    this.clock = clock;
    this.builder = builder;
  }

  /** The current document (a copy). */
  public synchronized byte[] current() throws SignerException {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(builtAt.plus(rebuildAfter))) {
      current = builder.build(now);
      builtAt = now;
    }
    return current.clone();
  }

  /** Forgets the current document, after a change it must show. */
  public synchronized void invalidate() {
    current = null;
  }
}
