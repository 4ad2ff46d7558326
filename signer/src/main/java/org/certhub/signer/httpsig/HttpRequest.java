package org.certhub.signer.httpsig;

import java.net.URI;
import java.util.Objects;

/**
 * An HTTP request as the server saw it, with the parts RFC 9421 §2.2 derives components from.
 *
 * @param method the method, for example {@code "POST"} (case preserved, §2.2.1)
 * @param scheme {@code "https"} or {@code "http"}
 * @param authority host and optional port as received, for example {@code "hub.example:8443"}
 * @param path the absolute path, percent-encoded as received; empty means {@code "/"}
 * @param query the query without the leading {@code '?'}, percent-encoded as received, or {@code
 *     null} when the target has no {@code '?'}
 * @param headers the header fields
 * @param body the content bytes, empty when there is none
 */
public record HttpRequest(
    String method,
    String scheme,
    String authority,
    String path,
    String query,
    HttpFields headers,
    byte[] body) {

  /** Validates and copies the body. */
  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    if (!path.isEmpty() && !path.startsWith("/")) {
      throw new IllegalArgumentException("path must be empty or start with '/', but was: " + path);
    }
    body = body.clone();
  }

  /**
   * Creates a request from an absolute URI.
   *
   * @param method the method
   * @param uri an absolute {@code http} or {@code https} URI
   * @param headers the header fields
   * @param body the content bytes
   * @return the request
   */
  public static HttpRequest of(String method, URI uri, HttpFields headers, byte[] body) {
    if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException("uri must be absolute with an authority, but was: " + uri);
    }
    return new HttpRequest(method, uri.getScheme(), uri.getRawAuthority(),
        uri.getRawPath() == null ? "" : uri.getRawPath(), uri.getRawQuery(), headers, body);
  }

  /**
   * Returns a copy of the content bytes.
   *
   * @return a new array
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns a copy with other headers, for example after adding the signature fields.
   *
   * @param newHeaders the replacement header fields
   * @return a new request
   */
  public HttpRequest withHeaders(HttpFields newHeaders) {
    return new HttpRequest(method, scheme, authority, path, query, newHeaders, body);
  }

  /**
   * Returns a copy with another body.
   *
   * @param newBody the replacement content
   * @return a new request
   */
  public HttpRequest withBody(byte[] newBody) {
    return new HttpRequest(method, scheme, authority, path, query, headers, newBody);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpRequest r
        && method.equals(r.method) && scheme.equals(r.scheme) && authority.equals(r.authority)
        && path.equals(r.path) && Objects.equals(query, r.query) && headers.equals(r.headers)
        && java.util.Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, scheme, authority, path, query, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + scheme + "://" + authority + path
        + (query == null ? "" : "?" + query) + ", " + headers + ", " + body.length + " bytes]";
  }
}
