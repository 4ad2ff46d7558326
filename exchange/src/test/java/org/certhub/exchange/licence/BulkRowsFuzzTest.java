package org.certhub.exchange.licence;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.certhub.exchange.web.ProblemException;

/**
 * The bulk-issue import on arbitrary bytes (issue 9, "Hostile input"): {@link BulkRows#csv} and
 * {@link BulkRows#jsonLines} return the rows or throw a {@link ProblemException} with a 4xx status (a
 * problem+json refusal), never another exception, which the web layer would answer with a 500.
 */
class BulkRowsFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    check(() -> BulkRows.csv(text));
    check(() -> BulkRows.jsonLines(text));
  }

  private static void check(java.util.function.Supplier<List<LicenceService.IssueRequest>> parse) {
    try {
      List<LicenceService.IssueRequest> rows = parse.get();
      assertThat(rows).isNotEmpty().hasSizeLessThanOrEqualTo(BulkRows.MAX_ROWS);
      for (LicenceService.IssueRequest r : rows) {
        assertThat(r.licenceType()).isNotBlank();
        assertThat(r.holder()).isNotNull();
      }
    } catch (ProblemException e) {
      assertThat(e.code().status().is4xxClientError()).as(e.getMessage()).isTrue();
    }
  }

  /** Writes the committed seeds: a CSV and a JSON-lines file in the documented format, plus malformed ones. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of("src/test/resources/org/certhub/exchange/licence/BulkRowsFuzzTestInputs/parse");
    Files.createDirectories(dir);
    String header = "licenceType,holder.id,holder.idType,holder.name,validFrom,validUntil,jurisdiction,fields.registeredCapital\n";
    Files.writeString(dir.resolve("csv"), "\uFEFF" + header
        + "11100000MB0143028R001,91430100MA4L000000,001,\"长沙某某科技有限公司, 分公司\",2025-01-01,,430100,100万元\r\n"
        + "11100000MB0143028R001,91430100MA4L000001,001,\"Say \"\"hi\"\"\",,2030-12-31,,\n");
    Files.writeString(dir.resolve("csv-unclosed-quote"), header + "a,b,c,\"d\n");
    Files.writeString(dir.resolve("csv-bad-date"), header + "a,b,c,d,2025-13-01,,,\n");
    Files.writeString(dir.resolve("csv-short-row"), header + "a,b\n");
    Files.writeString(dir.resolve("jsonl"), "{\"licenceType\":\"11100000MB0143028R001\",\"holder\":{\"id\":\"91430100MA4L000000\","
        + "\"idType\":\"001\",\"name\":\"长沙某某科技有限公司\"},\"fields\":{\"registeredCapital\":\"100万元\"},"
        + "\"validFrom\":\"2025-01-01\"}\n\n{\"licenceType\":\"x\",\"holder\":{\"id\":\"1\",\"idType\":\"001\",\"name\":\"n\"}}\n");
    Files.writeString(dir.resolve("jsonl-not-object"), "[1,2]\n");
    Files.writeString(dir.resolve("jsonl-deep"), "[".repeat(3000) + "\n");
  }
}
