package dev.cortado.server;

import dev.cortado.protocol.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * Server-assisted client-side caching (CLIENT TRACKING), after Redis 7.0's tracking.c: which
 * clients read which keys, and the invalidation messages sent when a key changes. Keys are global
 * across databases, as in Redis. Touched only on the server's loop.
 *
 * <p>Default mode: a read-only command of a tracking client remembers its keys; the first change to
 * such a key sends each of those clients one invalidation and forgets the key. Broadcast mode
 * (BCAST): clients name prefixes; changed keys are collected per prefix and sent once the loop has
 * finished its current work (Redis: before it sleeps), one message per prefix and client, keys in
 * byte order. A client's own change reaches it after its reply; with NOLOOP, not at all.
 */
public final class Tracking {
  private static final Reply INVALIDATE = Reply.bulk("invalidate");
  private static final Reply MESSAGE = Reply.bulk("message");
  private static final Reply CHANNEL = Reply.bulk("__redis__:invalidate");

  /** One client's tracking settings; null on the connection when tracking is off. */
  public static final class Settings {
    public final long redirect;
    public final boolean bcast;
    public final boolean optin;
    public final boolean optout;
    public final boolean noloop;
    /** Prefixes in byte order (BCAST). */
    public final List<byte[]> prefixes;
    /** CLIENT CACHING yes/no given for the next command. */
    public boolean caching;
    /** The client redirected to went away. */
    public boolean brokenRedirect;

    Settings(long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
        List<byte[]> prefixes) {
      this.redirect = redirect;
      this.bcast = bcast;
      this.optin = optin;
      this.optout = optout;
      this.noloop = noloop;
      this.prefixes = prefixes;
    }
  }

  private final ServerState server;
  /** Keys read by tracking clients (default mode) and who read them. */
  private final Map<PubSub.Name, Set<Long>> readers = new HashMap<>();
  /** BCAST prefixes, in byte order, with their clients and the keys changed since the last send. */
  private final TreeMap<byte[], Broadcast> prefixes = new TreeMap<>(Arrays::compareUnsigned);
  private Executor loop = Runnable::run;
  private boolean broadcastQueued;

  private static final class Broadcast {
    final Set<Connection> clients = new LinkedHashSet<>();
    /** Changed keys and who changed each last (for NOLOOP). */
    final TreeMap<byte[], Connection> changed = new TreeMap<>(Arrays::compareUnsigned);
  }

  Tracking(ServerState server) {
    this.server = server;
  }

  /** Where broadcasts are sent from once the current work is done: the server's loop. */
  void runBroadcastsOn(Executor loop) {
    this.loop = loop;
  }

  /** CLIENT TRACKING on: replaces the client's settings (prefixes are added to the old ones). */
  public void enable(Connection c, long redirect, boolean bcast, boolean optin, boolean optout,
      boolean noloop, List<byte[]> newPrefixes) {
    List<byte[]> all = new ArrayList<>(c.tracking == null ? List.of() : c.tracking.prefixes);
    if (bcast) {
      if (newPrefixes.isEmpty()) {
        newPrefixes = List.of(new byte[0]);
      }
      for (byte[] p : newPrefixes) {
        Broadcast b = prefixes.computeIfAbsent(p, x -> new Broadcast());
        if (b.clients.add(c)) {
          all.add(p);
        }
      }
      all.sort(Arrays::compareUnsigned);
    }
    c.tracking = new Settings(redirect, bcast, optin, optout, noloop, List.copyOf(all));
  }

  /** CLIENT TRACKING off, RESET, or the client went away. */
  public void disable(Connection c) {
    if (c.tracking == null) {
      return;
    }
    for (byte[] p : c.tracking.prefixes) {
      Broadcast b = prefixes.get(p);
      if (b != null && b.clients.remove(c) && b.clients.isEmpty()) {
        prefixes.remove(p);
      }
    }
    c.tracking = null; // its entries in readers are skipped, then dropped, as Redis does
  }

  /** After a read-only command of a tracking client: remembers the keys it read. */
  public void remember(Connection c, List<byte[]> keys) {
    Settings s = c.tracking;
    if (s == null || s.bcast || (s.optin && !s.caching) || (s.optout && s.caching)) {
      return;
    }
    for (byte[] key : keys) {
      readers.computeIfAbsent(new PubSub.Name(key), k -> new LinkedHashSet<>(2)).add(c.id);
    }
  }

  /** Whether a change to a key can concern anyone: the cheap test every write makes. */
  boolean isIdle() {
    return readers.isEmpty() && prefixes.isEmpty();
  }

  /** A key changed (Redis's trackingInvalidateKey, from signalModifiedKey). */
  void keyChanged(byte[] key) {
    Connection current = server.current;
    if (!prefixes.isEmpty()) {
      collectForBroadcast(key, current);
    }
    Set<Long> ids = readers.remove(new PubSub.Name(key));
    if (ids == null) {
      return;
    }
    for (long id : ids) {
      Connection target = server.clients.get(id);
      if (target == null || target.tracking == null || target.tracking.bcast
          || (target.tracking.noloop && target == current)) {
        continue;
      }
      send(target, Reply.array(List.of(Reply.bulk(key))), target == current);
    }
  }

  private void collectForBroadcast(byte[] key, Connection current) {
    for (Map.Entry<byte[], Broadcast> e : prefixes.entrySet()) {
      byte[] p = e.getKey();
      if (p.length <= key.length && Arrays.equals(p, 0, p.length, key, 0, p.length)) {
        e.getValue().changed.put(key, current);
      }
    }
    if (!broadcastQueued) {
      broadcastQueued = true;
      loop.execute(this::sendBroadcasts);
    }
  }

  /**
   * Each prefix's changed keys to each of its clients (without those it changed itself, NOLOOP).
   * A connection calls it before writing the replies of what it read, as Redis sends broadcasts
   * before it writes replies; the queued task covers changes made outside any read (expiry).
   */
  void sendBroadcasts() {
    if (!broadcastQueued) {
      return;
    }
    broadcastQueued = false;
    for (Broadcast b : prefixes.values()) {
      if (b.changed.isEmpty()) {
        continue;
      }
      for (Connection c : b.clients) {
        List<Reply> keys = new ArrayList<>(b.changed.size());
        for (Map.Entry<byte[], Connection> k : b.changed.entrySet()) {
          if (!(c.tracking != null && c.tracking.noloop && k.getValue() == c)) {
            keys.add(Reply.bulk(k.getKey()));
          }
        }
        if (!keys.isEmpty()) {
          send(c, Reply.array(keys), false);
        }
      }
      b.changed.clear();
    }
  }

  /** FLUSHDB, FLUSHALL: every tracking client hears that all its keys are invalid (a null). */
  public void flushed() {
    Connection current = server.current;
    for (Connection c : server.clients.values()) {
      if (c.tracking != null) {
        send(c, Reply.NULL, c == current);
      }
    }
    readers.clear();
  }

  /**
   * One invalidation for a tracking client: to it in RESP3, or to the client it redirects to
   * (RESP3, or RESP2 subscribed to anything: a message on __redis__:invalidate). A client's own
   * change reaches it after its reply.
   */
  private void send(Connection tracking, Reply keys, boolean afterOwnReply) {
    Connection to = tracking;
    if (tracking.tracking.redirect != 0) {
      to = server.clients.get(tracking.tracking.redirect);
      if (to == null) {
        tracking.tracking.brokenRedirect = true;
        if (tracking.protocol == 3) {
          deliver(tracking, Reply.push(List.of(Reply.bulk("tracking-redir-broken"),
              Reply.integer(tracking.tracking.redirect))), afterOwnReply);
        }
        return;
      }
      afterOwnReply = afterOwnReply && to == tracking;
    }
    if (to.protocol == 3) {
      deliver(to, Reply.push(List.of(INVALIDATE, keys)), afterOwnReply);
    } else if (to != tracking && to.isSubscriber()) {
      deliver(to, Reply.push(List.of(MESSAGE, CHANNEL, keys)), afterOwnReply);
    }
  }

  private static void deliver(Connection to, Reply frame, boolean afterOwnReply) {
    if (afterOwnReply) {
      to.pushAfterReply(frame);
    } else {
      to.push(frame);
    }
  }

  /** Clients with tracking on, for INFO's tracking_clients. */
  public int clientCount() {
    int n = 0;
    for (Connection c : server.clients.values()) {
      if (c.tracking != null) {
        n++;
      }
    }
    return n;
  }

  /** Keys remembered for default-mode clients, for INFO's tracking_total_keys. */
  public int keyCount() {
    return readers.size();
  }

  /** BCAST prefixes, for INFO's tracking_total_prefixes. */
  public int prefixCount() {
    return prefixes.size();
  }
}
