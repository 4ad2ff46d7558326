package org.certhub.hub.config;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Errors Tomcat answers itself, before any application code runs (an encoded '/' or '\' in the path, a
 * malformed request line), as RFC 9457 problem+json like every other error of the API, instead of an HTML page.
 */
public class ProblemErrorValve extends ErrorReportValve {
  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : status < 500 ? "malformed_request" : "internal_error";
    String detail = status < 500
        ? "the request line or URL is not acceptable: encoded '/' or '\\\\', control characters and other ambiguous forms are refused"
        : "the server could not complete the request";
    String body = "{\"type\":\"https://certhub.example/problems/" + code + "\",\"title\":\"" + (status < 500 ? "Bad Request" : "Internal Server Error")
        + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response is committed: nothing more to say.
    }
  }
}
