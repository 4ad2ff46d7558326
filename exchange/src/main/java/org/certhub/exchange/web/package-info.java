/** The HTTP edge: RFC 9457 problem+json for every refusal, stable error codes, strict JSON request reading. */
package org.certhub.exchange.web;
