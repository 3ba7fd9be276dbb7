package dev.cortado.conformance;

import dev.cortado.CortadoServer;

/**
 * The two sides of every comparison. The subject is chosen by the system property
 * {@code conformance.subject}: {@code cortado} (default), {@code redis} (a second redis-server,
 * to test the harness itself: everything must pass), or {@code host:port} of a running server.
 */
final class Servers {
    private Servers() {}

    private static Server subject;

    static Server reference() {
        return RealRedis.shared();
    }

    static synchronized Server subject() {
        if (subject == null) {
            subject = startSubject(System.getProperty("conformance.subject", "cortado").trim());
        }
        return subject;
    }

    private static Server startSubject(String kind) {
        if (kind.isEmpty() || kind.equals("cortado")) {
            Server cortado = Server.of("cortado", CortadoServer.builder().port(0).build().start());
            Runtime.getRuntime().addShutdownHook(new Thread(cortado::close, "stop-cortado"));
            return cortado;
        }
        if (kind.equals("redis")) {
            return RealRedis.start("redis-2");
        }
        int colon = kind.lastIndexOf(':');
        if (colon > 0) {
            return new External(kind.substring(0, colon), Integer.parseInt(kind.substring(colon + 1)));
        }
        throw new IllegalArgumentException("conformance.subject must be cortado, redis or host:port, not " + kind);
    }

    private record External(String host, int port) implements Server {
        @Override
        public String name() {
            return host + ":" + port;
        }

        @Override
        public void close() {
            // not ours to stop
        }
    }
}
