package org.certhub.exchange.licence;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.licence.Holder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a bulk-issue file into issue requests: CSV (RFC 4180; UTF-8, optional BOM; header {@code
 * licenceType,holder.id,holder.idType,holder.name,validFrom,validUntil,jurisdiction,fields.<name>…}, empty
 * cells are absent values) or JSON lines (one {@code POST /api/v1/licences} body per line). A syntax error
 * refuses the whole file with the row and column it is in.
 */
final class BulkRows {
  /** A backlog is migrated in batches; one request holds at most this many rows. */
  static final int MAX_ROWS = 5000;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> FIXED =
      List.of("licenceType", "holder.id", "holder.idType", "holder.name", "validFrom", "validUntil", "jurisdiction");

  private BulkRows() {}

  static List<LicenceService.IssueRequest> jsonLines(String text) {
    List<LicenceService.IssueRequest> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (rows.size() == MAX_ROWS) {
        throw ProblemException.malformed("", "a bulk file may hold at most " + MAX_ROWS + " rows");
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JacksonException e) {
        throw ProblemException.malformed("/" + (i + 1), "line " + (i + 1) + " is not one JSON object");
      }
      try {
        rows.add(LicenceController.issueRequest(node));
      } catch (ProblemException e) {
        throw ProblemException.malformed("/" + (i + 1) + (e.field() == null ? "" : e.field()), "line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (rows.isEmpty()) {
      throw ProblemException.malformed("", "the bulk file holds no rows");
    }
    return rows;
  }

  static List<LicenceService.IssueRequest> csv(String text) {
    List<List<String>> records = records(text.startsWith("\uFEFF") ? text.substring(1) : text);
    if (records.isEmpty()) {
      throw ProblemException.malformed("", "the CSV file is empty; its first line must be the header");
    }
    List<String> header = records.get(0);
    for (int c = 0; c < header.size(); c++) {
      String h = header.get(c);
      if (!FIXED.contains(h) && !(h.startsWith("fields.") && h.length() > 7)) {
        throw ProblemException.malformed(
            "/1/" + (c + 1), "CSV header column " + (c + 1) + " must be one of " + FIXED + " or fields.<name>, but was: " + JsonBody.truncate(h));
      }
      if (header.indexOf(h) != c) {
        throw ProblemException.malformed("/1/" + (c + 1), "CSV header column " + (c + 1) + " repeats " + JsonBody.truncate(h));
      }
    }
    for (String required : List.of("licenceType", "holder.id", "holder.idType", "holder.name")) {
      if (!header.contains(required)) {
        throw ProblemException.malformed("/1", "CSV header must have a column " + required);
      }
    }
    if (records.size() - 1 > MAX_ROWS) {
      throw ProblemException.malformed("", "a bulk file may hold at most " + MAX_ROWS + " rows, but had " + (records.size() - 1));
    }
    List<LicenceService.IssueRequest> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> rec = records.get(r);
      if (rec.size() == 1 && rec.get(0).isEmpty()) {
        continue;
      }
      if (rec.size() != header.size()) {
        throw ProblemException.malformed(
            "/" + (r + 1), "CSV line " + (r + 1) + " must have " + header.size() + " columns like the header, but had " + rec.size());
      }
      Map<String, String> cells = new LinkedHashMap<>();
      Map<String, String> fields = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        String v = rec.get(c);
        if (v.isEmpty()) {
          continue;
        }
        if (header.get(c).startsWith("fields.")) {
          fields.put(header.get(c).substring(7), v);
        } else {
          cells.put(header.get(c), v);
        }
      }
      int line = r + 1;
      for (String required : List.of("licenceType", "holder.id", "holder.idType", "holder.name")) {
        // Blank as well as empty: Holder refuses a blank value unchecked, which would answer 500 (a fuzz finding).
        if (!cells.containsKey(required) || cells.get(required).isBlank()) {
          throw ProblemException.malformed("/" + line + "/" + required, "CSV line " + line + ": " + required + " is required (non-blank)");
        }
      }
      rows.add(
          new LicenceService.IssueRequest(
              cells.get("licenceType"),
              new Holder(cells.get("holder.id"), cells.get("holder.idType"), cells.get("holder.name")),
              fields,
              date(cells.get("validFrom"), line, "validFrom"),
              date(cells.get("validUntil"), line, "validUntil"),
              cells.get("jurisdiction")));
    }
    if (rows.isEmpty()) {
      throw ProblemException.malformed("", "the CSV file holds a header but no rows");
    }
    return rows;
  }

  private static LocalDate date(String v, int line, String column) {
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw ProblemException.malformed("/" + line + "/" + column, "CSV line " + line + ": " + column + " must be a date yyyy-MM-dd, but was: " + JsonBody.truncate(v));
    }
  }

  /** RFC 4180 records: quoted cells may hold commas, quotes (doubled) and line breaks. */
  static List<List<String>> records(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          if (i < text.length() && ",\r\n".indexOf(text.charAt(i)) < 0) {
            throw ProblemException.malformed("/" + line, "CSV line " + line + ": a closing quote must end its cell");
          }
          continue;
        }
        if (ch == '\n') {
          line++;
        }
        cell.append(ch);
        i++;
        continue;
      }
      switch (ch) {
        case '"' -> {
          if (cell.length() > 0) {
            throw ProblemException.malformed("/" + line, "CSV line " + line + ": a quote may only open a cell");
          }
          quoted = true;
        }
        case ',' -> {
          rec.add(cell.toString());
          cell.setLength(0);
        }
        case '\r' -> {
          // part of CRLF; the \n ends the record
        }
        case '\n' -> {
          rec.add(cell.toString());
          cell.setLength(0);
          out.add(rec);
          rec = new ArrayList<>();
          line++;
        }
        default -> cell.append(ch);
      }
      i++;
    }
    if (quoted) {
      throw ProblemException.malformed("/" + line, "CSV line " + line + ": a quoted cell is not closed");
    }
    if (cell.length() > 0 || !rec.isEmpty()) {
      rec.add(cell.toString());
      out.add(rec);
    }
    return out;
  }
}
