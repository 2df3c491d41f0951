package org.tfx.sessions.signaling;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds each {@link SignalEndpoint} with its collaborators (constructor injection without CDI, so
 * it works the same on Tomcat and Payara) and carries the client address from {@link
 * HandshakeFilter} into the session.
 */
public final class SignalEndpointConfigurator extends ServerEndpointConfig.Configurator {
  private final Supplier<SignalEndpoint> factory;
  private final boolean deflate;

  /** {@code deflate}: whether permessage-deflate may be negotiated ({@code tfx.ws.deflate}). */
  public SignalEndpointConfigurator(Supplier<SignalEndpoint> factory, boolean deflate) {
    this.factory = factory;
    this.deflate = deflate;
  }

  /**
   * Every browser offers permessage-deflate, and a container that has it accepts it: a zlib context
   * per socket and direction (memory) and compression of every frame (CPU), for signalling frames
   * that are small or sent once. Off unless configured; portable to Tomcat and Tyrus.
   */
  @Override
  public List<Extension> getNegotiatedExtensions(
      List<Extension> installed, List<Extension> requested) {
    return deflate ? super.getNegotiatedExtensions(installed, requested) : List.of();
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(factory.get());
  }

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    List<String> address = request.getHeaders().get(HandshakeFilter.ADDRESS_HEADER);
    if (address == null) {
      address = request.getHeaders().get(HandshakeFilter.ADDRESS_HEADER.toLowerCase());
    }
    if (address != null && !address.isEmpty()) {
      config.getUserProperties().put(SignalEndpoint.ADDRESS_PROPERTY, address.get(0));
    }
  }
}
