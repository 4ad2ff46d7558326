/**
 * E-seals (GB/T 38540) through the hub: the seal registry ({@code /api/v1/seals}: a department's seals, made
 * and signed by the hub's seal maker, listed, fetched and revoked by esID), stamping ({@code POST
 * /api/v1/stamps}, each stamp a ledger entry {@code stamp} naming the seal) and verification ({@code POST
 * /api/v1/stamps/verify}, the ten checks of FORMATS.md §1.8 with the registry as seal status). See {@code
 * docs/seals.md}.
 */
package org.certhub.exchange.seal;
