package dev.cortado.protocol;

/** ASCII case folding for command names as clients send them: bytes, any case, no String made. */
public final class Ascii {
  private Ascii() {}

  public static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  /** Whether {@code bytes}, in any case, spell the ASCII {@code word} (in any case). */
  public static boolean equalsIgnoreCase(byte[] bytes, String word) {
    if (bytes.length != word.length()) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (lower(bytes[i]) != lower((byte) word.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name}, in any case, equals {@code lowerCase} (given in lower case). */
  public static boolean equalsLowerCase(byte[] name, byte[] lowerCase) {
    if (name.length != lowerCase.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (lower(name[i]) != lowerCase[i]) {
        return false;
      }
    }
    return true;
  }
}
