package org.certhub.bench.fault;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the runs of one fault showed: each run either passed its criterion or failed with the reason; a fault that
 * could not run at all says why ({@code notRun}) instead of passing.
 */
final class FaultResult {
  final String fault;
  final String criterion;
  final String how;
  final List<String> runDetails = new ArrayList<>();
  final List<String> failures = new ArrayList<>();
  int runs;
  int passes;
  String notRun;
  double seconds;

  FaultResult(String fault, String criterion, String how) {
    this.fault = fault;
    this.criterion = criterion;
    this.how = how;
  }

  void pass(String detail) {
    runs++;
    passes++;
    runDetails.add("run " + runs + ": pass: " + detail);
    System.out.println("  [" + fault + "] run " + runs + " PASS: " + detail);
  }

  void fail(String detail) {
    runs++;
    failures.add("run " + runs + ": " + detail);
    runDetails.add("run " + runs + ": FAIL: " + detail);
    System.out.println("  [" + fault + "] run " + runs + " FAIL: " + detail);
  }

  boolean passed() {
    return notRun == null && runs > 0 && passes == runs;
  }

  ObjectNode json() {
    ObjectNode n = FaultRunner.JSON.createObjectNode();
    n.put("fault", fault);
    n.put("criterion", criterion);
    n.put("how", how);
    n.put("runs", runs);
    n.put("passes", passes);
    n.put("passed", passed());
    if (notRun != null) {
      n.put("not_run", notRun);
    }
    n.put("seconds", Math.round(seconds * 10) / 10.0);
    ArrayNode f = n.putArray("failures");
    failures.forEach(f::add);
    ArrayNode d = n.putArray("runs_detail");
    runDetails.forEach(d::add);
    return n;
  }
}
