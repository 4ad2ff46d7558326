/**
 * The citizen wallet's API (issue 6), for the signed-in holder only: their licences, short-lived QR
 * presentations of chosen fields signed with the issuer's key, and the licence file to download.
 */
package org.certhub.exchange.wallet;
