package org.certhub.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in tests for something another thread or process does, failing with what was awaited. */
public final class Await {
  private Await() {}

  /**
   * Polls {@code condition} every 10 ms until it holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting: " + what);
      }
      Thread.sleep(10);
    }
  }
}
