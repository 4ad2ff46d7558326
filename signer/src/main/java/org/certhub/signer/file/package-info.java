/**
 * Licence files a person can open and print (issue 7): OFD (GB/T 33190, with a GB/T 38540 v4 stamp made with
 * our seal and signer key) and PDF (PDFBox, a visible seal and a PAdES-style CAdES detached signature), both
 * carrying the licence's fields, the issuer's seal picture and the licence's static QR code, and their offline
 * verification per part ({@link org.certhub.signer.file.LicenceFileVerifier}). docs/files.md describes both.
 */
package org.certhub.signer.file;
