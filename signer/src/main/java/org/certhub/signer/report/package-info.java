/**
 * One validation report for every verifier (CMS signatures, e-seals and stamps): an overall indication and one
 * check per line, after ETSI/DSS's main indications, so the API, the CLI and tests print and branch on one shape.
 */
package org.certhub.signer.report;
