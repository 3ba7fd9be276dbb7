package dev.cortado.mock;

/**
 * Decides whether one argument of a command matches. Made by {@link Mock#eq}, {@link Mock#any},
 * {@link Mock#regex}, {@link Mock#glob} and {@link Mock#arg}; its {@code toString} appears in
 * verification messages.
 */
@FunctionalInterface
public interface ArgumentMatcher {
  boolean matches(byte[] argument);
}
