/**
 * Licence files (issue 7): the OFD or PDF of a licence for its issuing department and its holder, made with the
 * department's key and seal ({@link org.certhub.exchange.file.FileSeals}), and the offline verification of any such
 * file behind {@code POST /api/v1/files/verify}.
 */
package org.certhub.exchange.file;
