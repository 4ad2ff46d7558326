/**
 * E-signatures and timestamps (the seals issue): {@code POST /api/v1/signatures} signs a department's bytes as
 * CAdES-T CMS with its key held by the hub, timestamped in process by the hub's TSA, each signature a ledger
 * entry; {@code POST /tsa} is the hub's RFC 3161 time-stamping authority. See {@code docs/signatures.md}.
 */
package org.certhub.exchange.signature;
