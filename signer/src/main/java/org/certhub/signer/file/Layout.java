package org.certhub.signer.file;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.signer.licence.FieldSpec;
import org.certhub.signer.licence.Licence;

/**
 * Where things go on the A4 page, in millimetres from the top left, shared by the OFD and the PDF so the two
 * look alike: the title, one line per item, the QR code bottom left and the seal bottom right over the issuer's
 * name and the issue date.
 */
final class Layout {
  static final double PAGE_W = 210;
  static final double PAGE_H = 297;
  static final double MARGIN = 25;
  static final double TITLE_Y = 30;
  static final double TITLE_SIZE = 9;
  static final double LINES_Y = 55;
  static final double LINE_SIZE = 4.5;
  static final double LINE_STEP = 9;
  static final double LABEL_W = 45;
  /** Width left for a value; a longer one is set smaller (PDF) or wraps (OFD). */
  static final double VALUE_W = PAGE_W - 2 * MARGIN - LABEL_W;
  static final double QR_SIZE = 45;
  static final double QR_X = MARGIN;
  static final double QR_Y = 215;
  static final double SEAL_SIZE = 42;
  static final double SEAL_X = 135;
  static final double SEAL_Y = 212;
  static final double ISSUER_Y = 232;
  static final int MAX_LINES = 16;
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private Layout() {}

  /** The title: the licence type's name. */
  static String title(LicenceFile file) {
    return file.licence().licence().typeName();
  }

  /** Label to value, in print order: identifier, holder, the type's fields in catalogue order, validity. */
  static Map<String, String> lines(LicenceFile file) {
    Licence l = file.licence().licence();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("证照编号", l.id().toString());
    out.put("持证主体", l.holder().name());
    out.put("持证主体代码", l.holder().id());
    List<String> done = new ArrayList<>();
    file.type().ifPresent(t -> {
      for (FieldSpec f : t.fields()) {
        String v = l.fields().get(f.name());
        if (v != null && !f.label().equals("持证主体") && !v.equals(l.holder().name())) {
          out.putIfAbsent(f.label(), v);
        }
        done.add(f.name());
      }
    });
    for (Map.Entry<String, String> e : l.fields().entrySet()) {
      if (!done.contains(e.getKey())) {
        out.putIfAbsent(e.getKey(), e.getValue());
      }
    }
    out.put("有效期", l.validFrom() + " 至 " + (l.validUntil() == null ? "长期" : l.validUntil().toString()));
    Map<String, String> bounded = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : out.entrySet()) {
      if (bounded.size() == MAX_LINES) {
        break;
      }
      bounded.put(e.getKey(), shorten(e.getValue(), 80));
    }
    return bounded;
  }

  /** The issuer line under the seal. */
  static String issuer(LicenceFile file) {
    return file.licence().licence().issuerName();
  }

  /** The issue date under the issuer, in China's calendar. */
  static String issued(LicenceFile file) {
    LocalDate d = LocalDate.ofInstant(file.licence().licence().issuedAt(), CHINA);
    return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
  }

  private static String shorten(String s, int max) {
    return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }
}
