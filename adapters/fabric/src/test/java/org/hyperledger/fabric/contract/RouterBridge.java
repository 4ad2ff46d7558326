package org.hyperledger.fabric.contract;

/** Test bridge: {@link ContractRouter#findAllContracts()} is package-private. One router per JVM (the classgraph scan is slow). */
public final class RouterBridge {
  private static ContractRouter router;

  private RouterBridge() {}

  public static synchronized ContractRouter router() {
    if (router == null) {
      ContractRouter r = new ContractRouter(new String[] {"--id", "certhub:1"});
      r.findAllContracts();
      router = r;
    }
    return router;
  }
}
