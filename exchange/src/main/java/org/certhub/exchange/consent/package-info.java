/**
 * Holder consent (授权): a citizen or company lets one department use their licences for one matter, for a
 * time, from the wallet or by a consent QR the clerk scans at the counter; revocable at any moment.
 */
package org.certhub.exchange.consent;
