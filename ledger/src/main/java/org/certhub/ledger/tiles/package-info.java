/**
 * C2SP tlog-tiles storage: level tiles of 256 hashes and entry bundles on the file system, written
 * before the checkpoint that covers them is published, so existing transparency-log tools can read the
 * ledger.
 */
package org.certhub.ledger.tiles;
