package org.tfx.sessions.signaling;

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

  public SignalEndpointConfigurator(Supplier<SignalEndpoint> factory) {
    this.factory = factory;
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
