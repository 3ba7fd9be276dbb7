package dev.cortado.server;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the relocated Netty inside Cortado logs: its warnings and errors go to java.util.logging as
 * before; its debug and info lines (platform probing at class initialization) are dropped. Netty's
 * own choice initializes java.util.logging at the first start to ask whether debug is on (about 12
 * ms of a fresh JVM's first start, profiled with async-profiler); here java.util.logging is touched
 * only when Netty has something to warn about.
 */
final class NettyLogging extends InternalLoggerFactory {
  private NettyLogging() {}

  /** Before Netty's first class asks for a logger. */
  static void install() {
    InternalLoggerFactory.setDefaultFactory(new NettyLogging());
  }

  @Override
  protected InternalLogger newInstance(String name) {
    return new WarningsOnly(name);
  }

  private static final class WarningsOnly extends AbstractInternalLogger {
    private static final long serialVersionUID = 1L;

    WarningsOnly(String name) {
      super(name);
    }

    /** Netty's "{}" placeholders filled in order; a last Throwable argument is logged as one. */
    private void log(Level level, String format, Object... args) {
      Throwable t = args.length > 0 && args[args.length - 1] instanceof Throwable th ? th : null;
      int fill = args.length - (t == null ? 0 : 1);
      StringBuilder out = new StringBuilder();
      int from = 0;
      int next = 0;
      int at;
      while (next < fill && (at = format.indexOf("{}", from)) >= 0) {
        out.append(format, from, at).append(args[next++]);
        from = at + 2;
      }
      out.append(format, from, format.length());
      Logger.getLogger(name()).log(level, out.toString(), t);
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public void trace(String msg) {}

    @Override
    public void trace(String format, Object arg) {}

    @Override
    public void trace(String format, Object argA, Object argB) {}

    @Override
    public void trace(String format, Object... arguments) {}

    @Override
    public void trace(String msg, Throwable t) {}

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public void debug(String msg) {}

    @Override
    public void debug(String format, Object arg) {}

    @Override
    public void debug(String format, Object argA, Object argB) {}

    @Override
    public void debug(String format, Object... arguments) {}

    @Override
    public void debug(String msg, Throwable t) {}

    @Override
    public boolean isInfoEnabled() {
      return false;
    }

    @Override
    public void info(String msg) {}

    @Override
    public void info(String format, Object arg) {}

    @Override
    public void info(String format, Object argA, Object argB) {}

    @Override
    public void info(String format, Object... arguments) {}

    @Override
    public void info(String msg, Throwable t) {}

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public void warn(String msg) {
      log(Level.WARNING, msg);
    }

    @Override
    public void warn(String format, Object arg) {
      log(Level.WARNING, format, arg);
    }

    @Override
    public void warn(String format, Object argA, Object argB) {
      log(Level.WARNING, format, argA, argB);
    }

    @Override
    public void warn(String format, Object... arguments) {
      log(Level.WARNING, format, arguments);
    }

    @Override
    public void warn(String msg, Throwable t) {
      log(Level.WARNING, msg, t);
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public void error(String msg) {
      log(Level.SEVERE, msg);
    }

    @Override
    public void error(String format, Object arg) {
      log(Level.SEVERE, format, arg);
    }

    @Override
    public void error(String format, Object argA, Object argB) {
      log(Level.SEVERE, format, argA, argB);
    }

    @Override
    public void error(String format, Object... arguments) {
      log(Level.SEVERE, format, arguments);
    }

    @Override
    public void error(String msg, Throwable t) {
      log(Level.SEVERE, msg, t);
    }
  }
}
