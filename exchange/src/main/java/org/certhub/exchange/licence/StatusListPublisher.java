package org.certhub.exchange.licence;

import java.time.Clock;
import java.time.Duration;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.qr.StatusList;
import org.certhub.exchange.web.SignedSnapshot;

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
  private final SignedSnapshot snapshot;

  public StatusListPublisher(LicenceRepository licences, KeyHandle hubKey, Clock clock) {
    this.snapshot = new SignedSnapshot(Duration.ofMinutes(1), clock, now -> {
      int[] set = licences.invalidStatusIndexes().stream().mapToInt(Integer::intValue).toArray();
      return StatusList.allValid(SIZE).withRevoked(set).sign(hubKey, ISSUER, StatusList.ALL_ISSUERS, now, TTL);
    });
  }

  /** The current signed list (COSE_Sign1 bytes). */
  public byte[] current() throws SignerException {
    return snapshot.current();
  }

  /** Forgets the current list after a licence was revoked or superseded. */
  public void invalidate() {
    snapshot.invalidate();
  }
}
