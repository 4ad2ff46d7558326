/**
 * JMH benchmarks, one subpackage per library ({@code signer}, {@code ledger}), QR presentations ({@code qr}) and
 * seals ({@code seal}); the pull load generator ({@code load}), the fault runs ({@code fault}) and the report writer
 * ({@code report}). Built by {@code ./mvnw verify} so they never rot; run by {@code bench/run}, which writes {@code
 * docs/benchmarks.md} and {@code docs/reliability.md}.
 */
package org.certhub.bench;
