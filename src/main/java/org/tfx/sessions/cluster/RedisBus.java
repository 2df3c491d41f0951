package org.tfx.sessions.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.tfx.sessions.room.LinkId;

/**
 * The wire between nodes, on Redis: decisions on one channel every node hears ({@value #EVENTS}),
 * frames for a node's sockets on that node's channel, and heartbeat keys that expire when a node
 * stops renewing them. One connection publishes (so a node's messages keep their order), one
 * listens; what arrives is handled on one thread, in arrival order. While Redis cannot be reached,
 * sends fail at once instead of queueing: the caller knows, and the record has every decision.
 */
final class RedisBus implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisBus.class.getName());

  static final String EVENTS = "tfx:events";
  private static final String NODE_CHANNEL = "tfx:node:";
  private static final String ALIVE = "tfx:alive:";
  private static final String REAP = "tfx:reap:";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private final String node;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisPubSubConnection<String, String> listening;
  private final ExecutorService inbound;
  private volatile boolean commandsUp;
  private volatile boolean listeningUp;
  private volatile long bothUpSince;

  /** Confirmations of the events channel: the first one is the start, the others reconnects. */
  private final java.util.concurrent.atomic.AtomicInteger eventsSubscribed =
      new java.util.concurrent.atomic.AtomicInteger();

  private volatile Runnable onReconnect = () -> {};

  /**
   * Connects (or fails now, with Redis's reason) and listens: decisions to {@code decided}, frames
   * for this node's sockets to {@code frames}.
   */
  RedisBus(
      String redisUrl,
      String node,
      Consumer<EventCodec.Decided> decided,
      BiConsumer<LinkId, String> frames) {
    this.node = node;
    // Reconnect quickly: while Redis is away, frames between nodes cannot pass.
    this.resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, RedisURI.create(redisUrl));
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .build());
    this.inbound = Executors.newSingleThreadExecutor(daemon("tfx-cluster-in"));
    this.commands = client.connect();
    this.listening = client.connectPubSub();
    listening.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            inbound.execute(() -> receive(channel, message, decided, frames));
          }

          @Override
          public void subscribed(String channel, long count) {
            // Lettuce subscribes again after a reconnect: from here on every decision is heard,
            // so what was decided meanwhile can be read from the record now.
            if (channel.equals(EVENTS) && eventsSubscribed.incrementAndGet() > 1) {
              LOG.log(Level.INFO, "node {0}: listening to Redis again; catching up", node);
              inbound.execute(() -> onReconnect.run());
            }
          }
        });
    client.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress to) {
            changed(connection, true);
          }

          @Override
          public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            changed(connection, false);
          }
        });
    listening.sync().subscribe(EVENTS, NODE_CHANNEL + node);
    commandsUp = true;
    listeningUp = true;
    bothUpSince = System.nanoTime();
  }

  private synchronized void changed(RedisChannelHandler<?, ?> connection, boolean up) {
    boolean before = commandsUp && listeningUp;
    if (connection == commands) {
      commandsUp = up;
    } else if (connection == listening) {
      listeningUp = up;
    }
    boolean after = commandsUp && listeningUp;
    if (after && !before) {
      bothUpSince = System.nanoTime();
    } else if (before && !after) {
      LOG.log(Level.WARNING, "node {0}: Redis is away; reconnecting", node);
    }
  }

  private void receive(
      String channel,
      String message,
      Consumer<EventCodec.Decided> decided,
      BiConsumer<LinkId, String> frames) {
    try {
      if (channel.equals(EVENTS)) {
        EventCodec.Decided d = EventCodec.decode(message);
        if (!d.node().equals(node)) {
          decided.accept(d);
        }
      } else {
        int space = message.indexOf(' ');
        frames.accept(
            new LinkId(node, Long.parseLong(message.substring(0, space))),
            message.substring(space + 1));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "could not handle a message on " + channel, e);
    }
  }

  /** Runs on the inbound thread each time Redis is reachable again after being away. */
  void onReconnect(Runnable action) {
    this.onReconnect = action;
  }

  /** How long both connections have been up without a break; zero while one is down. */
  Duration upFor() {
    return up() ? Duration.ofNanos(System.nanoTime() - bothUpSince) : Duration.ZERO;
  }

  boolean up() {
    return commandsUp && listeningUp && commands.isOpen();
  }

  /** Publishes a decision; false when it could not be sent (nodes catch up later). */
  boolean publish(EventCodec.Decided d) {
    if (!up()) {
      return false;
    }
    commands.async().publish(EVENTS, EventCodec.encode(d));
    return true;
  }

  /** Sends a frame to a socket of another node; false while Redis is away. */
  boolean send(LinkId link, String frame) {
    if (!up()) {
      return false;
    }
    commands.async().publish(NODE_CHANNEL + link.node(), link.serial() + " " + frame);
    return true;
  }

  /** Says this node is alive for {@code ttl} more. */
  void heartbeat(Duration ttl) {
    if (up()) {
      commands.async().set(ALIVE + node, "1", SetArgs.Builder.px(ttl.toMillis()));
    }
  }

  boolean alive(String other) {
    return commands.sync().exists(ALIVE + other) > 0;
  }

  /**
   * Whether this node is the one to reap {@code dead}: the first to claim it within {@code ttl}.
   */
  boolean claimReaping(String dead, Duration ttl) {
    return "OK"
        .equals(commands.sync().set(REAP + dead, node, SetArgs.Builder.nx().px(ttl.toMillis())));
  }

  /** Stops saying this node is alive. */
  void goodbye() {
    if (up()) {
      try {
        commands.sync().del(ALIVE + node);
      } catch (RuntimeException e) {
        // expires by itself
      }
    }
  }

  @Override
  public void close() {
    inbound.shutdownNow();
    try {
      listening.close();
      commands.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
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
