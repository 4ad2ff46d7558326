/**
 * An outsider's audit of a stored ledger directory, without the {@link org.certhub.ledger.Ledger}
 * facade: recompute the RFC 9162 §2.1 tree from the journal and check every stored C2SP checkpoint
 * (<a href="https://c2sp.org/tlog-checkpoint">c2sp.org/tlog-checkpoint</a>, signed per
 * <a href="https://c2sp.org/signed-note">c2sp.org/signed-note</a>) against it, including RFC 9162
 * §2.1.4 consistency between consecutive checkpoints.
 */
package org.certhub.ledger.verify;
