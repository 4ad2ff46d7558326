/**
 * The report of {@code bench/run}: every sub-bench leaves JSON lines in {@code bench/target/results/} ({@link
 * org.certhub.bench.report.Results} converts JMH, {@code openssl speed} and load-generator output into them), and {@link
 * org.certhub.bench.report.Report} turns them into {@code docs/benchmarks.md} and {@code docs/reliability.md}, with the
 * hand-written explanations from {@code bench/report/*.md} and one PNG chart per benchmark ({@link
 * org.certhub.bench.report.Chart}, plain Java2D).
 */
package org.certhub.bench.report;
