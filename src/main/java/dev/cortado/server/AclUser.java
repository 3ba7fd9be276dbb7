package dev.cortado.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One ACL user as Redis 7.0 keeps it: flags, SHA-256 password hashes and selectors, the first of
 * which is the root selector (the rules given outside parentheses). The command layer applies and
 * describes the rules; this is only the data, copied whole so ACL SETUSER is all or nothing.
 */
public final class AclUser {
  public final String name;
  public boolean enabled;
  public boolean nopass;
  /** Neither, "sanitize-payload" or "skip-sanitize-payload": 0, 1 or 2. */
  public int sanitize;
  /** Hex SHA-256 hashes, in the order added. */
  public final List<String> passwords = new ArrayList<>();
  /** The root selector first, then those given in parentheses. */
  public final List<AclSelector> selectors = new ArrayList<>();

  public AclUser(String name, boolean allChannels) {
    this.name = name;
    selectors.add(new AclSelector(true, allChannels));
  }

  public AclSelector root() {
    return selectors.get(0);
  }

  /** A copy with another name: ACL SETUSER stages its rules on one. */
  public AclUser copy(String newName) {
    AclUser u = new AclUser(newName, false);
    u.copyFrom(this);
    return u;
  }

  public void copyFrom(AclUser other) {
    enabled = other.enabled;
    nopass = other.nopass;
    sanitize = other.sanitize;
    passwords.clear();
    passwords.addAll(other.passwords);
    selectors.clear();
    for (AclSelector s : other.selectors) {
      selectors.add(s.copy());
    }
  }

  /** Whether nothing is checked for this user: one selector allowing every command, key, channel. */
  public boolean unrestricted() {
    if (selectors.size() != 1) {
      return false;
    }
    AclSelector s = selectors.get(0);
    return s.allCommands && s.allKeys && s.allChannels;
  }

  /** Whether the password opens this user (Redis's ACLCheckUserCredentials, once found). */
  public boolean accepts(byte[] password) {
    if (!enabled) {
      return false;
    }
    if (nopass) {
      return true;
    }
    byte[] hashed = hash(password).getBytes(StandardCharsets.US_ASCII);
    boolean ok = false;
    for (String p : passwords) {
      // Compared in constant time, as Redis does.
      ok |= MessageDigest.isEqual(hashed, p.getBytes(StandardCharsets.US_ASCII));
    }
    return ok;
  }

  /** The lower-case hex SHA-256 of a password, as ACL GETUSER shows it. */
  public static String hash(byte[] password) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }
}
