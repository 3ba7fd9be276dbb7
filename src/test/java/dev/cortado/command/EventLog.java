package dev.cortado.command;

import dev.cortado.keyspace.KeyspaceEvents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the keyspace events a harness's databases send, straight from their sink (so without the
 * notify-keyspace-events filter), each as "class event key", with "@db" for a database other than
 * 0. Reads' "keymiss" events are left out: the case files check them.
 */
final class EventLog {
  private final Harness h;
  private final List<String> events = new ArrayList<>();

  EventLog(Harness h, int databases) {
    this.h = h;
    for (int db = 0; db < databases; db++) {
      h.server.db(db).sendEventsTo((type, event, key, index) -> {
        if (type != KeyspaceEvents.KEY_MISS) {
          events.add(className(type) + " " + event + " " + new String(key, StandardCharsets.UTF_8)
              + (index == 0 ? "" : "@" + index));
        }
      });
    }
  }

  private static String className(int type) {
    return switch (type) {
      case KeyspaceEvents.GENERIC -> "g";
      case KeyspaceEvents.STRING -> "$";
      case KeyspaceEvents.LIST -> "l";
      case KeyspaceEvents.SET -> "s";
      case KeyspaceEvents.HASH -> "h";
      case KeyspaceEvents.ZSET -> "z";
      case KeyspaceEvents.EXPIRED -> "x";
      case KeyspaceEvents.NEW -> "n";
      default -> Integer.toString(type);
    };
  }

  /** Runs a command on the harness's connection and returns the events it sent. */
  List<String> run(String... args) {
    events.clear();
    h.exec(h.connection, args);
    List<String> sent = List.copyOf(events);
    events.clear();
    return sent;
  }
}
