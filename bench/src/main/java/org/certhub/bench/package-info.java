/**
 * JMH benchmarks, one subpackage per library ({@code signer}, {@code ledger}) and one for QR presentations ({@code qr}). Built by {@code ./mvnw
 * verify} so they never rot; run by {@code bench/run}, which writes {@code docs/benchmarks.md}.
 */
package org.certhub.bench;
