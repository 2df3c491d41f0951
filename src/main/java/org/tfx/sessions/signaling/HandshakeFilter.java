package org.tfx.sessions.signaling;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.tfx.sessions.config.Settings;

/**
 * Guards the WebSocket handshake before the container upgrades it: refuses foreign origins (403), a
 * full node (503, {@code Retry-After}) and addresses over their connection cap (429), and passes
 * the client address on in a header that the client cannot forge.
 */
public final class HandshakeFilter extends HttpFilter {
  static final String ADDRESS_HEADER = "X-Tfx-Client-Address";

  /** Seconds a client refused for a full node should wait before it tries again. */
  static final String FULL_RETRY_AFTER = "5";

  private final Settings.Origins origins;
  private final AddressLimiter addresses;
  private final SocketCount sockets;

  public HandshakeFilter(Settings.Origins origins, AddressLimiter addresses, SocketCount sockets) {
    this.origins = origins;
    this.addresses = addresses;
    this.sockets = sockets;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin != null && !isSameOrigin(origin, request) && !origins.allows(origin)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
      return;
    }
    if (!sockets.hasRoom()) {
      response.setHeader("Retry-After", FULL_RETRY_AFTER);
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "this server is full");
      return;
    }
    String address = request.getRemoteAddr();
    if (!addresses.hasRoom(address)) {
      response.sendError(429, "too many connections from your address");
      return;
    }
    chain.doFilter(new AddressCarrier(request, address), response);
  }

  static boolean isSameOrigin(String origin, HttpServletRequest request) {
    String host = request.getHeader("Host");
    if (host == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        return false;
      }
      String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return authority.equalsIgnoreCase(host)
          || withDefaultPort(authority, scheme).equalsIgnoreCase(host)
          || authority.equalsIgnoreCase(withoutDefaultPort(host, scheme));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String withDefaultPort(String authority, String scheme) {
    return authority.contains(":")
        ? authority
        : authority + (scheme.equals("https") ? ":443" : ":80");
  }

  private static String withoutDefaultPort(String host, String scheme) {
    String suffix = scheme.equals("https") ? ":443" : ":80";
    return host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : host;
  }

  /** Replaces any client-sent address header with the address the container saw. */
  private static final class AddressCarrier extends HttpServletRequestWrapper {
    private final String address;

    AddressCarrier(HttpServletRequest request, String address) {
      super(request);
      this.address = address;
    }

    @Override
    public String getHeader(String name) {
      return ADDRESS_HEADER.equalsIgnoreCase(name) ? address : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return ADDRESS_HEADER.equalsIgnoreCase(name)
          ? Collections.enumeration(List.of(address))
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = Collections.list(super.getHeaderNames());
      names.removeIf(ADDRESS_HEADER::equalsIgnoreCase);
      names.add(ADDRESS_HEADER);
      return Collections.enumeration(names);
    }
  }
}
