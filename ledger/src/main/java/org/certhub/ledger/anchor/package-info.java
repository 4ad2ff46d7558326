/**
 * Anchoring: the latest signed checkpoint is copied, every N seconds, to a place the hub's operator
 * cannot quietly rewrite (an append-only file by default; a Fabric channel in the engines issue), and
 * verification checks the log against every anchored checkpoint.
 */
package org.certhub.ledger.anchor;
