package org.certhub.exchange.licence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.qr.StatusList;

/**
 * The hub-signed status list of every licence (IETF Token Status List style, one bit each: set when revoked or
 * superseded). Rebuilt at once after a change ({@link #invalidate()}) and at least every minute; a verifier may
 * use a fetched copy for {@link #TTL}, so a revoked licence shows revoked online at once and offline after the
 * verifier's next refresh.
 */
public class StatusListPublisher {
  /** Entries in the list: at least 131,072 for herd privacy. */
  public static final int SIZE = StatusList.MIN_SIZE;
  /** How long a verifier may use a fetched list. */
  public static final Duration TTL = Duration.ofHours(1);
  /** The issuer named in the list, and the code a verifier's trust list gives the hub's key. */
  public static final String ISSUER = "certhub";
  private static final Duration REBUILD = Duration.ofMinutes(1);
  private final LicenceRepository licences;
  private final KeyHandle hubKey;
  private final Clock clock;
  private byte[] current;
  private Instant builtAt;

  public StatusListPublisher(LicenceRepository licences, KeyHandle hubKey, Clock clock) {
    this.licences = licences;
    this.hubKey = hubKey;
    this.clock = clock;
  }

  /** The current signed list (COSE_Sign1 bytes). */
  public synchronized byte[] current() throws SignerException {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(builtAt.plus(REBUILD))) {
      List<Integer> set = licences.invalidStatusIndexes();
      int[] indexes = set.stream().mapToInt(Integer::intValue).toArray();
      current = StatusList.allValid(SIZE).withRevoked(indexes).sign(hubKey, ISSUER, "licences", now, TTL);
      builtAt = now;
    }
    return current.clone();
  }

  /** Forgets the current list after a licence was revoked or superseded. */
  public synchronized void invalidate() {
    current = null;
  }
}
