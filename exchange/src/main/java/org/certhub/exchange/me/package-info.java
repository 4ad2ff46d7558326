/**
 * The citizen's own view (数据使用记录): who accessed my data, when, for which matter, with a proof that
 * each record is in the ledger. Citizens sign in with a short-lived session token.
 */
package org.certhub.exchange.me;
