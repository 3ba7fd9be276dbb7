package dev.cortado.command;

import dev.cortado.server.Acl;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ACL file ({@code aclfile}) as Redis 7.0 reads and writes it: one {@code user <name> <rules>}
 * line per user, words separated by single spaces. A load is all or nothing: every problem is
 * reported, then nothing changes; without a "default" line the default user gets Redis's defaults.
 */
final class AclFile {
  private AclFile() {}

  /**
   * ACL LOAD ({@code caller} the client asking) and server start (null): null once loaded, else
   * Redis's error text (without "ERR ").
   */
  static String load(ServerState server, CommandTable table, String file, Connection caller) {
    byte[] content;
    try {
      content = Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      return Errors.aclFileOpen(file, "No such file or directory");
    } catch (IOException | RuntimeException e) {
      return Errors.aclFileOpen(file, String.valueOf(e.getMessage()));
    }
    boolean allChannels = "allchannels".equals(server.config.get("acl-pubsub-default"));
    StringBuilder errors = new StringBuilder();
    Map<String, Acl.User> loaded = new TreeMap<>();
    String[] lines = new String(content, StandardCharsets.ISO_8859_1).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String line = trim(lines[i], " \t\r\n");
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split(" ", -1); // 7.0 splits on each single space, not sdssplitargs
      if (words.length < 2 || !words[0].equals("user")) {
        errors.append(Errors.aclFileNoUserKeyword(file, lineNumber));
        continue;
      }
      String name = words[1];
      if (loaded.containsKey(name)) {
        errors.append(Errors.aclFileDuplicateUser(name, lineNumber));
        continue;
      }
      Acl.User user = new Acl.User(name, allChannels);
      loaded.put(name, user);
      List<byte[]> rules = new ArrayList<>();
      for (String word : Arrays.asList(words).subList(2, words.length)) {
        rules.add(word.getBytes(StandardCharsets.ISO_8859_1));
      }
      List<byte[]> merged = AclRules.mergeSelectors(rules, new int[1]);
      if (merged == null) {
        // Redis 7.0.15 crashes on this line; Cortado reports it instead.
        errors.append(Errors.aclFileUnmatchedParenthesis(file, lineNumber));
        continue;
      }
      boolean syntaxError = false;
      for (byte[] rule : merged) {
        byte[] trimmed = trim(new String(rule, StandardCharsets.ISO_8859_1), "\t\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        try {
          AclRules.apply(table, user, trimmed, allChannels);
        } catch (AclRules.RuleException e) {
          if (e.getMessage().equals(AclRules.UNKNOWN)) {
            errors.append(Errors.aclFileOperation(file, lineNumber,
                new String(trimmed, StandardCharsets.ISO_8859_1), e.getMessage()));
          } else if (!syntaxError) {
            // Only the first: it may be why the rules after it fail.
            errors.append(Errors.aclFileRule(file, lineNumber, e.getMessage()));
            syntaxError = true;
          }
        }
      }
    }
    if (errors.length() > 0) {
      return errors.append(Errors.ACL_FILE_NOT_APPLIED).toString();
    }
    Acl acl = server.acl;
    Acl.User newDefault = loaded.remove("default");
    if (newDefault == null) {
      newDefault = defaultUser(table, allChannels);
    }
    acl.defaultUser.copyFrom(newDefault);
    acl.users.clear();
    acl.users.put("default", acl.defaultUser);
    acl.users.putAll(loaded);
    // Every user is a new one now: as Redis frees the old ones, their clients are disconnected
    // (the caller once its reply is out).
    for (Connection conn : new ArrayList<>(server.clients.values())) {
      if (!conn.user.equals("default")) {
        conn.user = "default";
        conn.authenticated = false;
        if (conn == caller) {
          conn.closeAfterReply = true;
        } else {
          conn.channel.close();
          server.disconnect(conn);
        }
      }
    }
    return null;
  }

  /** Redis's ACLCreateDefaultUser: +@all ~* &* on nopass. */
  private static Acl.User defaultUser(CommandTable table, boolean allChannels) {
    Acl.User u = new Acl.User("default", allChannels);
    for (String rule : new String[] {"+@all", "~*", "&*", "on", "nopass"}) {
      try {
        AclRules.apply(table, u, rule.getBytes(StandardCharsets.ISO_8859_1), allChannels);
      } catch (AclRules.RuleException e) {
        throw new IllegalStateException(e); // fixed rules, always valid
      }
    }
    return u;
  }

  /** ACL SAVE: every user as ACL LIST shows it, written to a temporary file moved into place. */
  static boolean save(ServerState server, CommandTable table, String file) {
    StringBuilder out = new StringBuilder();
    for (Acl.User u : server.acl.users.values()) {
      out.append("user ").append(u.name).append(' ').append(AclRules.describeUser(table, u))
          .append('\n');
    }
    Path target = Path.of(file).toAbsolutePath();
    Path temp = null;
    try {
      temp = Files.createTempFile(target.getParent(), ".tmp-acl-", null);
      Files.write(temp, out.toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the save failed already
        }
      }
      return false;
    }
  }

  /** sdstrim: drops the given characters from both ends. */
  private static String trim(String s, String chars) {
    int from = 0;
    int to = s.length();
    while (from < to && chars.indexOf(s.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && chars.indexOf(s.charAt(to - 1)) >= 0) {
      to--;
    }
    return s.substring(from, to);
  }
}
