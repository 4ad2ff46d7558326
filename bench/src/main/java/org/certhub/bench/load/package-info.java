/**
 * Load generator for a running hub over real mTLS: {@link org.certhub.bench.load.PullLoad} drives audited
 * pulls ({@code POST /api/v1/pulls}) and the trivial authenticated ceiling ({@code GET /api/v1/whoami}),
 * closed-loop and open-loop; {@code bench/run-load} starts the hub and writes the table for
 * docs/benchmarks.md.
 */
package org.certhub.bench.load;
