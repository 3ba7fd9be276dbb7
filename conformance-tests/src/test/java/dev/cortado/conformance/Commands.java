package dev.cortado.conformance;

import java.nio.charset.StandardCharsets;

final class Commands {
    private Commands() {}

    static byte[][] bytes(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            // ISO-8859-1 maps chars 0..255 to bytes one to one, so "\u00ff" in a test means byte 0xff.
            b[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return b;
    }
}
