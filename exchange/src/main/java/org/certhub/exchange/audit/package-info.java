/** Access records (访问留痕): every access appended to the ledger, pseudonymised, and indexed for auditors. */
package org.certhub.exchange.audit;
