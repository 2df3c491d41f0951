package org.tfx.sessions.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Answers remembered by REST endpoints: at most {@code capacity} entries, the least recently used
 * dropped first, each valid for {@code ttl} (null: until dropped).
 */
public final class BoundedCache<K, V> {
  private record Entry<V>(V value, long expiresAt) {}

  private final int capacity;
  private final Duration ttl;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<K, Entry<V>> entries;

  public BoundedCache(int capacity, Duration ttl, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.nanoTime = nanoTime;
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > BoundedCache.this.capacity;
          }
        };
  }

  public synchronized Optional<V> get(K key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (ttl != null && nanoTime.getAsLong() - e.expiresAt() > 0) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  public synchronized void put(K key, V value) {
    if (capacity == 0) {
      return;
    }
    long expires = ttl == null ? 0 : nanoTime.getAsLong() + ttl.toNanos();
    entries.put(key, new Entry<>(value, expires));
  }

  public synchronized int size() {
    return entries.size();
  }
}
