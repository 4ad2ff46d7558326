/** Operators' administration of departments: registration, client certificates, suspension. */
package org.certhub.exchange.admin;
