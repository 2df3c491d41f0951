package org.tfx.sessions.sip.registrar;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bindings in this node's memory; expired ones are dropped as they are met. */
public final class LocalLocation implements Location {
  private final Clock clock;
  private final Map<String, Map<String, Binding>> byUser = new HashMap<>();

  public LocalLocation(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized List<Binding> of(String user) {
    Map<String, Binding> bindings = byUser.get(user);
    if (bindings == null) {
      return List.of();
    }
    Instant now = clock.instant();
    bindings.values().removeIf(b -> b.expired(now));
    if (bindings.isEmpty()) {
      byUser.remove(user);
      return List.of();
    }
    List<Binding> list = new ArrayList<>(bindings.values());
    list.sort(Comparator.comparing(Binding::registeredAt).reversed());
    return list;
  }

  @Override
  public synchronized void put(Binding binding) {
    byUser.computeIfAbsent(binding.user(), u -> new LinkedHashMap<>()).put(binding.key(), binding);
  }

  @Override
  public synchronized void remove(String user, String key) {
    Map<String, Binding> bindings = byUser.get(user);
    if (bindings != null) {
      bindings.remove(key);
      if (bindings.isEmpty()) {
        byUser.remove(user);
      }
    }
  }

  @Override
  public synchronized void removeAll(String user) {
    byUser.remove(user);
  }

  @Override
  public synchronized List<Binding> dropFlow(String flowId) {
    List<Binding> dropped = new ArrayList<>();
    byUser
        .values()
        .forEach(
            m ->
                m.values()
                    .removeIf(
                        b -> {
                          boolean match = flowId.equals(b.flowId());
                          if (match) {
                            dropped.add(b);
                          }
                          return match;
                        }));
    byUser.values().removeIf(Map::isEmpty);
    return dropped;
  }

  @Override
  public synchronized Optional<Binding> byContact(String contactKey) {
    Instant now = clock.instant();
    return byUser.values().stream()
        .flatMap(m -> m.values().stream())
        .filter(b -> !b.expired(now) && b.contactKey().equals(contactKey))
        .findFirst();
  }

  @Override
  public synchronized List<Binding> all() {
    List<Binding> all = new ArrayList<>();
    for (String user : List.copyOf(byUser.keySet())) {
      all.addAll(of(user));
    }
    return all;
  }
}
