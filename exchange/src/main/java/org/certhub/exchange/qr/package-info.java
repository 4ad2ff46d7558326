/**
 * Online checking of QR presentations (issue 6): the text or a photo of the code, verified against the hub's
 * own signed trust list and the licence's live status, answered as a verdict a counter clerk can read. A
 * check by a department (client certificate) is a ledger entry about the holder.
 */
package org.certhub.exchange.qr;
