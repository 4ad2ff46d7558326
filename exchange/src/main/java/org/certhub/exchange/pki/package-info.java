/**
 * The hub CA's register: every certificate the hub issues (department TLS clients and signing keys,
 * the hub's own keys), revocation that takes effect on the next request, the CRL and a status
 * endpoint, and key rotation.
 */
package org.certhub.exchange.pki;
