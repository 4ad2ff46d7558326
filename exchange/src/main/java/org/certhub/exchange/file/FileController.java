package org.certhub.exchange.file;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.file.FileFormat;
import org.certhub.signer.file.FileFormatException;
import org.certhub.signer.file.FilePart;
import org.certhub.signer.file.FileReport;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code GET /api/v1/licences/{id}/file?format=ofd|pdf} for the issuing department (mTLS); {@code POST
 * /api/v1/files/verify} with the file as the raw body or as the one part of a multipart form → the per-part report
 * (200 whatever the verdict; over {@value LicenceFileService#MAX_FILE_BYTES} bytes 413; not an OFD or PDF, or
 * unreadable, 400 naming where). The holder's download is the wallet's {@code /api/v1/me/licences/{id}/file}.
 */
@RestController
class FileController {
  private final LicenceFileService service;

  FileController(LicenceFileService service) {
    this.service = service;
  }

  @GetMapping("/api/v1/licences/{id}/file")
  ResponseEntity<byte[]> file(Caller caller, @PathVariable String id, @RequestParam(value = "format", required = false) String format) {
    FileFormat f = format(format);
    return download(id, f, service.forIssuer(caller, id, f));
  }

  @PostMapping("/api/v1/files/verify")
  ResponseEntity<Map<String, Object>> verify(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > LicenceFileService.MAX_FILE_BYTES) {
      throw tooLarge();
    }
    byte[] file;
    if (request instanceof MultipartHttpServletRequest multipart) {
      List<MultipartFile> parts = new ArrayList<>();
      multipart.getMultiFileMap().values().forEach(parts::addAll);
      if (parts.size() != 1) {
        throw ProblemException.malformed("/file", "a multipart body must hold exactly one file, but held: " + parts.size());
      }
      if (parts.get(0).getSize() > LicenceFileService.MAX_FILE_BYTES) {
        throw tooLarge();
      }
      file = parts.get(0).getBytes();
    } else {
      String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
      if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
        throw ProblemException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the file as the body (application/octet-stream, application/pdf,"
            + " application/ofd) or as one multipart/form-data file");
      }
      try (InputStream in = request.getInputStream()) {
        file = in.readNBytes(LicenceFileService.MAX_FILE_BYTES + 1);
      }
    }
    if (file.length > LicenceFileService.MAX_FILE_BYTES) {
      throw tooLarge();
    }
    FileReport report;
    try {
      report = service.verify(file);
    } catch (FileFormatException e) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("where", e.where());
      throw ProblemException.withProperties(ErrorCode.MALFORMED_REQUEST, e.getMessage(), props);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", report.format().extension());
    out.put("verdict", report.verdict().name().toLowerCase(Locale.ROOT));
    out.put("tampered", report.tampered().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    List<Map<String, Object>> parts = new ArrayList<>();
    for (FilePart p : report.parts()) {
      parts.add(Map.of("part", p.part().name().toLowerCase(Locale.ROOT), "status", p.status().name().toLowerCase(Locale.ROOT),
          "detail", p.detail()));
    }
    out.put("parts", parts);
    report.licence().ifPresent(l -> out.put("licence", Map.of("id", l.licence().id().toString(), "type", l.licence().typeName(),
        "issuer", l.licence().issuerName())));
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON).body(out);
  }

  /** The format asked for: {@code ofd} (GB/T 36905 names OFD) or {@code pdf}; absent means OFD. */
  static FileFormat format(String format) {
    if (format == null) {
      return FileFormat.OFD;
    }
    return FileFormat.named(format).orElseThrow(() -> ProblemException.malformed("?format", "format must be ofd or pdf, but was: "
        + JsonBody.truncate(format)));
  }

  static ResponseEntity<byte[]> download(String id, FileFormat format, byte[] file) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(format.mediaType()))
        .cacheControl(CacheControl.noStore())
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("licence-" + id + "." + format.extension()).build()
            .toString())
        .body(file);
  }

  private static ProblemException tooLarge() {
    return ProblemException.of(ErrorCode.PAYLOAD_TOO_LARGE, "the file is over " + (LicenceFileService.MAX_FILE_BYTES >> 20) + " MB");
  }
}
