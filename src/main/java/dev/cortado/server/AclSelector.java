package dev.cortado.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one ACL selector allows: commands as a base ("+@all" or "-@all", which also decides future
 * commands) and the command names that differ from it, first arguments allowed for otherwise denied
 * commands, key patterns with their read/write permissions and channel patterns.
 */
public final class AclSelector {
  public static final int READ = 1;
  public static final int WRITE = 2;
  public static final int ALL = READ | WRITE;

  public final boolean root;
  public boolean allKeys;
  public boolean allChannels;
  /** Redis's ALLCOMMANDS flag: set by +@all, cleared as soon as any command is denied. */
  public boolean allCommands;
  /** Redis's reserved "future commands" bit: set by +@all, cleared by -@all, never otherwise. */
  public boolean base;
  /** Full command names ("get", "client|list") whose permission is not {@link #base}. */
  public final Set<String> flipped = new HashSet<>();
  /** First arguments allowed for an otherwise denied command, by command name, in order added. */
  public final Map<String, List<String>> firstArgs = new LinkedHashMap<>();
  public final List<KeyPattern> patterns = new ArrayList<>();
  public final List<byte[]> channels = new ArrayList<>();

  /** A key pattern and the permissions (READ, WRITE or both) it gives. */
  public static final class KeyPattern {
    public final byte[] pattern;
    public int flags;

    public KeyPattern(byte[] pattern, int flags) {
      this.pattern = pattern;
      this.flags = flags;
    }
  }

  public AclSelector(boolean root, boolean allChannels) {
    this.root = root;
    this.allChannels = allChannels;
  }

  public AclSelector copy() {
    AclSelector s = new AclSelector(root, allChannels);
    s.allKeys = allKeys;
    s.allCommands = allCommands;
    s.base = base;
    s.flipped.addAll(flipped);
    firstArgs.forEach((k, v) -> s.firstArgs.put(k, new ArrayList<>(v)));
    for (KeyPattern p : patterns) {
      s.patterns.add(new KeyPattern(p.pattern, p.flags));
    }
    s.channels.addAll(channels);
    return s;
  }

  /** Whether the command's own bit is set (ALLCOMMANDS and first arguments aside). */
  public boolean allows(String command) {
    return base != flipped.contains(command);
  }

  /** Sets one command's bit; clearing one clears ALLCOMMANDS, as Redis does. */
  public void set(String command, boolean allowed) {
    if (allowed == base) {
      flipped.remove(command);
    } else {
      flipped.add(command);
    }
    if (!allowed) {
      allCommands = false;
    }
  }

  /** +@all (true) or -@all (false). */
  public void setAll(boolean allowed) {
    base = allowed;
    allCommands = allowed;
    flipped.clear();
    firstArgs.clear();
  }
}
