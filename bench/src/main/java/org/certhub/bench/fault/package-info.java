/**
 * Fault runs of issue 9, run by {@code bench/run-faults} ({@link org.certhub.bench.fault.FaultRunner}): each fault is
 * injected N times and its pass criterion is checked by code after each run; the results go to {@code
 * bench/target/faults/<fault>.json} and, for the report, {@code bench/target/results/faults.jsonl}.
 */
package org.certhub.bench.fault;
