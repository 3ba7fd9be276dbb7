package dev.cortado.server;

import java.util.Locale;

/**
 * The client-output-buffer-limit setting: "CLASS HARD SOFT SECONDS" for normal, slave (replica) and
 * pubsub clients. CONFIG SET changes only the classes it names, as in Redis, and rejects the whole
 * value with Redis's reason if any group is wrong.
 */
final class OutputBufferLimits {
  private static final String[] CLASSES = {"normal", "slave", "pubsub"};

  private OutputBufferLimits() {}

  /** The setting after applying {@code update} to {@code current}. */
  static String merge(String current, String update) {
    if (update.isEmpty()) {
      return current; // no group: nothing changes
    }
    String[] now = current.split(" ");
    String[] words = update.split(" ", -1);
    if (words.length % 4 != 0) {
      throw new Config.InvalidValueException(
          "Wrong number of arguments in buffer limit configuration.");
    }
    String[] next = now.clone();
    for (int i = 0; i < words.length; i += 4) {
      int index = classIndex(words[i]);
      if (index < 0) {
        throw new Config.InvalidValueException(
            "Invalid client class specified in buffer limit configuration.");
      }
      Long hard = Config.Memory.parse(words[i + 1]);
      Long soft = Config.Memory.parse(words[i + 2]);
      Long seconds = seconds(words[i + 3]);
      if (hard == null || soft == null || seconds == null) {
        throw new Config.InvalidValueException(
            "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
      }
      next[index * 4 + 1] = Long.toUnsignedString(hard);
      next[index * 4 + 2] = Long.toUnsignedString(soft);
      next[index * 4 + 3] = Long.toString(seconds);
    }
    return String.join(" ", next);
  }

  private static int classIndex(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("replica")) {
      return 1;
    }
    for (int i = 0; i < CLASSES.length; i++) {
      if (CLASSES[i].equals(n)) {
        return i;
      }
    }
    return -1;
  }

  private static Long seconds(String word) {
    try {
      long s = Long.parseLong(word);
      return s < 0 ? null : s;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One class's {hard, soft, seconds} from a (normalised) setting. */
  static long[] of(String setting, String clientClass) {
    String[] words = setting.split(" ");
    int i = classIndex(clientClass) * 4;
    return new long[] {Long.parseUnsignedLong(words[i + 1]), Long.parseUnsignedLong(words[i + 2]),
        Long.parseLong(words[i + 3])};
  }
}
