/** Pulls (共享调用): policy-filtered, hub-signed licence data released only after a durable ledger entry. */
package org.certhub.exchange.pull;
