/**
 * JMH benchmarks, one subpackage per library ({@code signer}, {@code ledger}). Built by {@code ./mvnw
 * verify} so they never rot; run by {@code bench/run}, which writes {@code docs/benchmarks.md}.
 */
package org.certhub.bench;
