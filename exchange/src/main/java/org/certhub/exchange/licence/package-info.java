/** Issuing licences: catalogue checks, GB/T 36904 identifiers, issuer signatures, storage. */
package org.certhub.exchange.licence;
