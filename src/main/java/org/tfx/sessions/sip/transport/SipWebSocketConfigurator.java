package org.tfx.sessions.sip.transport;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds each {@link SipWebSocketEndpoint} with its collaborators (no CDI, the same on Tomcat and
 * Payara), offers no extensions (SIP messages are small; compression would cost CPU per frame) and
 * carries the client address, which the handshake filter put in a header, into the session.
 */
public final class SipWebSocketConfigurator extends ServerEndpointConfig.Configurator {
  private final SipWebSocketEndpoint.Parts parts;
  private final String addressHeader;

  public SipWebSocketConfigurator(
      Inbound inbound,
      Flows flows,
      BadInputLog bad,
      int maxBytes,
      long keepAliveMillis,
      ScheduledExecutorService scheduler,
      String addressHeader) {
    this.parts =
        new SipWebSocketEndpoint.Parts(inbound, flows, bad, maxBytes, keepAliveMillis, scheduler);
    this.addressHeader = addressHeader;
  }

  /** The endpoint's registration: path {@code /sip}, subprotocol {@code sip}. */
  public ServerEndpointConfig endpointConfig() {
    return ServerEndpointConfig.Builder.create(
            SipWebSocketEndpoint.class, SipWebSocketEndpoint.PATH)
        .subprotocols(List.of(SipWebSocketEndpoint.SUBPROTOCOL))
        .configurator(this)
        .build();
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new SipWebSocketEndpoint(parts));
  }

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    return requested.contains(SipWebSocketEndpoint.SUBPROTOCOL)
        ? SipWebSocketEndpoint.SUBPROTOCOL
        : "";
  }

  @Override
  public List<jakarta.websocket.Extension> getNegotiatedExtensions(
      List<jakarta.websocket.Extension> installed, List<jakarta.websocket.Extension> requested) {
    return List.of();
  }

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    List<String> address = request.getHeaders().get(addressHeader);
    if (address == null) {
      address = request.getHeaders().get(addressHeader.toLowerCase(java.util.Locale.ROOT));
    }
    if (address != null && !address.isEmpty()) {
      config.getUserProperties().put(SipWebSocketEndpoint.ADDRESS_PROPERTY, address.get(0));
    }
  }
}
