package dev.cortado.mock;

/** How many times a command must have arrived: {@link Mock#times}, {@link Mock#never}... */
public final class Times {
  private final int min;
  private final int max;
  private final String text;

  private Times(int min, int max, String text) {
    this.min = min;
    this.max = max;
    this.text = text;
  }

  static Times exactly(int n) {
    requireNonNegative(n);
    return new Times(n, n, n == 1 ? "exactly once" : "exactly " + n + " times");
  }

  static Times atLeast(int n) {
    requireNonNegative(n);
    return new Times(n, Integer.MAX_VALUE, n == 1 ? "at least once" : "at least " + n + " times");
  }

  static Times atMost(int n) {
    requireNonNegative(n);
    return new Times(0, n, n == 1 ? "at most once" : "at most " + n + " times");
  }

  private static void requireNonNegative(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("a count cannot be negative: " + n);
    }
  }

  boolean accepts(int count) {
    return count >= min && count <= max;
  }

  @Override
  public String toString() {
    return min == 0 && max == 0 ? "never" : text;
  }
}
