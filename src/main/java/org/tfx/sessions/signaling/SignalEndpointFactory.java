package org.tfx.sessions.signaling;

import org.tfx.sessions.app.Application;

/**
 * Makes the configurator that builds each {@link SignalEndpoint} from the application's services.
 */
public final class SignalEndpointFactory {
  private SignalEndpointFactory() {}

  public static SignalEndpointConfigurator configurator(Application app) {
    return new SignalEndpointConfigurator(
        () ->
            new SignalEndpoint(
                app.signaling(),
                app.codec(),
                app.settings().signaling(),
                app.addresses(),
                app.scheduler(),
                app.closer()));
  }
}
