package org.tfx.sessions.cluster;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.room.LinkId;
import org.tfx.sessions.room.LiveRoom;
import org.tfx.sessions.room.LiveRooms;
import org.tfx.sessions.room.RemoteLinks;
import org.tfx.sessions.room.RoomEvents;
import org.tfx.sessions.room.store.SharedRoomRecord;

/**
 * This node as one of several identical ones behind a load balancer: the events bus on Redis
 * ({@link #events}), frames to sockets of other nodes ({@link #remoteLinks}), and the watch over
 * nodes that die. The record is PostgreSQL ({@link SharedRoomRecord}).
 */
public final class Cluster implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Cluster.class.getName());

  private final String node;
  private final Settings.Cluster settings;
  private final RedisBus bus;
  private final ClusterRoomEvents events;
  private volatile LiveRooms rooms;
  private volatile BiConsumer<LinkId, String> frames = (link, frame) -> {};
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(daemon("tfx-cluster-watch"));
  private final ScheduledExecutorService heart =
      Executors.newSingleThreadScheduledExecutor(daemon("tfx-cluster-heartbeat"));
  private NodeWatch watch;

  /** Connects to Redis now; fails the start when it cannot. */
  public Cluster(Settings.Cluster settings, String node) {
    this.node = node;
    this.settings = settings;
    this.bus =
        new RedisBus(
            settings.redisUrl(),
            node,
            d -> {
              LiveRooms r = rooms;
              if (r != null) {
                r.decidedElsewhere(d.room(), d.version(), d.events());
              }
            },
            (link, frame) -> frames.accept(link, frame));
    this.events = new ClusterRoomEvents(bus, node);
    LOG.log(Level.INFO, "node {0} joined the cluster at {1}", node, settings.redisUrl());
  }

  public String node() {
    return node;
  }

  public RoomEvents events() {
    return events;
  }

  public RemoteLinks remoteLinks() {
    return bus::send;
  }

  /**
   * Starts working: decisions of other nodes go to {@code rooms}, frames for this node's sockets to
   * {@code localFrames}; the watch runs on a thread of its own every heartbeat.
   */
  public void start(
      LiveRooms liveRooms,
      SharedRoomRecord record,
      BiConsumer<LinkId, String> localFrames,
      Duration grace,
      Clock clock) {
    this.rooms = liveRooms;
    this.frames = localFrames;
    bus.onReconnect(
        () -> {
          liveRooms.catchUpAll();
          events.resend(room -> liveRooms.peek(room).map(LiveRoom::version).orElse(Long.MAX_VALUE));
        });
    this.watch = new NodeWatch(node, bus, record, liveRooms, settings.nodeTtl(), grace, clock);
    long every = settings.heartbeat().toMillis();
    heart.scheduleAtFixedRate(watch::heartbeat, 0, every, TimeUnit.MILLISECONDS);
    ticker.scheduleWithFixedDelay(watch::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /** Leaving on purpose: this node's seats are lost at once, so their people resume elsewhere. */
  @Override
  public void close() {
    ticker.shutdownNow();
    heart.shutdownNow();
    try {
      if (watch != null) {
        watch.reap(node);
      }
      bus.goodbye();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "leaving the cluster: " + e.getMessage());
    } finally {
      bus.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
