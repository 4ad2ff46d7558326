/** Sharing policy (共享授权): deny by default; a grant names consumer, licence type, matter, fields, legal basis. */
package org.certhub.exchange.policy;
