package org.certhub.bench.signer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a JMH JSON result of {@link SignerBenchmark} and the machine-readable output of {@code
 * openssl speed -mr} into the markdown table of docs/benchmarks.md, with the verdicts against the
 * targets:
 *
 * <ul>
 *   <li>signer API ≥ 0.80 × bare Bouncy Castle, for every algorithm and operation;
 *   <li>SM2 sign and verify ≥ 3 × OpenSSL;
 *   <li>Ed25519 sign and verify ≥ 1 × OpenSSL.
 * </ul>
 *
 * <p>{@code openssl speed} signs a 20-byte input while the JMH run signs 1 KiB, so the OpenSSL
 * verdict is given on the 1 KiB figure (as the target is written) and, when a JMH result for 20-byte
 * messages is supplied, also like for like.
 *
 * <p>Usage: {@code SignerReport <jmh.json> <openssl-speed-mr.txt> [<jmh-20-byte.json>]}.
 */
public final class SignerReport {

  private static final List<String> ALGORITHMS = List.of("SM2_SM3", "ECDSA_P256_SHA256", "ED25519");
  private static final List<String> OPERATIONS = List.of("sign", "verify");

  private SignerReport() {}

  /**
   * Prints the table to standard output.
   *
   * @param args the JMH JSON file, the openssl speed output, optionally a JMH JSON file for 20 B
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: SignerReport <jmh.json> <openssl-speed-mr.txt> [<jmh-20-byte.json>]");
      System.exit(2);
    }
    Map<String, Double> jmh = jmh(Path.of(args[0]));
    Map<String, Double> openssl = openssl(Files.readString(Path.of(args[1])));
    Map<String, Double> small = args.length == 3 ? jmh(Path.of(args[2])) : Map.of();
    System.out.print(table(jmh, openssl, small));
  }

  /** Scores keyed {@code "<ALGORITHM> <sign|verify> <Api|Bc>"}, in ops/s. */
  static Map<String, Double> jmh(Path file) throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
    Map<String, Double> out = new HashMap<>();
    for (JsonNode run : root) {
      String benchmark = run.get("benchmark").stringValue();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String op = method.startsWith("sign") ? "sign" : "verify";
      String path = method.substring(op.length());
      String unit = run.get("primaryMetric").get("scoreUnit").stringValue();
      if (!unit.equals("ops/s")) {
        throw new IllegalArgumentException(
            "JMH scoreUnit must be ops/s (run with -tu s -bm thrpt), but was: " + unit);
      }
      out.put(run.get("params").get("algorithm").stringValue() + " " + op + " " + path,
          run.get("primaryMetric").get("score").doubleValue());
    }
    return out;
  }

  /** Sign and verify rates keyed {@code "<ALGORITHM> <sign|verify>"} from {@code openssl speed -mr}. */
  public static Map<String, Double> openssl(String text) {
    Map<String, Double> out = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split(":");
      if (f[0].equals("+F4") && f.length == 5 && f[2].equals("256")) {
        out.put("ECDSA_P256_SHA256 sign", Double.parseDouble(f[3]));
        out.put("ECDSA_P256_SHA256 verify", Double.parseDouble(f[4]));
      } else if (f[0].equals("+F6") && f.length == 6 && f[3].equals("Ed25519")) {
        out.put("ED25519 sign", Double.parseDouble(f[4]));
        out.put("ED25519 verify", Double.parseDouble(f[5]));
      } else if (f[0].equals("+F7") && f.length == 6 && f[3].equals("CurveSM2")) {
        out.put("SM2_SM3 sign", Double.parseDouble(f[4]));
        out.put("SM2_SM3 verify", Double.parseDouble(f[5]));
      }
    }
    return out;
  }

  /** The OpenSSL multiple a target asks for, or 0 when there is none. */
  static double opensslTarget(String algorithm) {
    return switch (algorithm) {
      case "SM2_SM3" -> 3.0;
      case "ED25519" -> 1.0;
      default -> 0.0;
    };
  }

  static String table(Map<String, Double> jmh, Map<String, Double> openssl, Map<String, Double> small) {
    StringBuilder b = new StringBuilder();
    boolean withSmall = !small.isEmpty();
    b.append("| algorithm | op | signer API ops/s | bare BC ops/s | API/BC | OpenSSL ops/s | API/OpenSSL |");
    if (withSmall) {
      b.append(" API 20 B ops/s | API 20 B/OpenSSL |");
    }
    b.append(" targets | result |\n|---|---|---:|---:|---:|---:|---:|");
    if (withSmall) {
      b.append("---:|---:|");
    }
    b.append("---|---|\n");
    List<String> missed = new ArrayList<>();
    int checks = 0;
    for (String alg : ALGORITHMS) {
      for (String op : OPERATIONS) {
        Double api = jmh.get(alg + " " + op + " Api");
        Double bc = jmh.get(alg + " " + op + " Bc");
        Double ossl = openssl.get(alg + " " + op);
        Double api20 = small.get(alg + " " + op + " Api");
        double target = opensslTarget(alg);
        List<String> verdicts = new ArrayList<>();
        String targets = "API ≥ 0.80×BC" + (target > 0 ? String.format(Locale.ROOT, "; ≥ %.0f×OpenSSL", target) : "");
        checks++;
        if (api != null && bc != null && api / bc >= 0.80) {
          verdicts.add("BC pass");
        } else {
          verdicts.add("BC FAIL");
          missed.add(alg + " " + op + " API/BC");
        }
        if (target > 0) {
          checks++;
          boolean ok = api != null && ossl != null && api / ossl >= target;
          verdicts.add("OpenSSL " + (ok ? "pass" : "FAIL"));
          if (!ok) {
            missed.add(alg + " " + op + " API/OpenSSL");
          }
          if (withSmall && api20 != null && ossl != null) {
            verdicts.add("like-for-like " + (api20 / ossl >= target ? "pass" : "FAIL"));
          }
        }
        b.append("| ").append(alg).append(" | ").append(op).append(" | ").append(ops(api)).append(" | ")
            .append(ops(bc)).append(" | ").append(ratio(api, bc)).append(" | ").append(ops(ossl))
            .append(" | ").append(ratio(api, ossl)).append(" |");
        if (withSmall) {
          b.append(' ').append(ops(api20)).append(" | ").append(ratio(api20, ossl)).append(" |");
        }
        b.append(' ').append(targets).append(" | ").append(String.join(", ", verdicts)).append(" |\n");
      }
    }
    b.append('\n').append(checks - missed.size()).append(" of ").append(checks).append(" targets met");
    b.append(missed.isEmpty() ? "." : "; missed: " + String.join(", ", missed) + ".").append('\n');
    return b.toString();
  }

  private static String ops(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String ratio(Double a, Double b) {
    return a == null || b == null ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
  }
}
