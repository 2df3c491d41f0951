package org.tfx.sessions.sip.transport;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The open connection flows (WebSocket and TCP) by id, so a Record-Route token finds its flow. */
public final class Flows {
  private final ConcurrentHashMap<String, Flow> open = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** A fresh flow id: a letter for the transport, then 64 random bits in hex. */
  String newId(Transport transport) {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return transport.uriParameter().charAt(0) + HexFormat.of().formatHex(b);
  }

  public void add(Flow flow) {
    open.put(flow.id(), flow);
  }

  public void remove(Flow flow) {
    open.remove(flow.id(), flow);
  }

  public Optional<Flow> find(String id) {
    Flow flow = id == null ? null : open.get(id);
    return flow != null && flow.isOpen() ? Optional.of(flow) : Optional.empty();
  }

  public int count(Transport transport) {
    return (int) open.values().stream().filter(f -> f.transport() == transport).count();
  }
}
