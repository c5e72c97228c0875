package kit.multiprocessing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.StreamCorruptedException;

/**
 * The wire format between the pool and its workers: frames of
 * {@code int MAGIC, byte type, long id, int length, byte[length]}. The magic number makes stray
 * bytes on the channel (something that bypassed {@code System.out}) a clear error instead of garbage.
 * Payloads are Java-serialized objects, one fresh object stream per payload, so a payload that
 * fails to (de)serialize only fails its own task.
 */
final class Protocol {
    static final int MAGIC = 0x4B495450; // "KITP"

    // worker -> pool
    static final byte HELLO = 1;    // the worker is ready
    static final byte RESULT = 2;   // id = task id, payload = result
    static final byte FAILURE = 3;  // id = task id, payload = the Throwable the task threw
    static final byte FATAL = 4;    // id = task id, payload = the error that ends the worker (OOM)
    static final byte STDOUT = 5;   // payload = raw bytes the task printed on System.out
    static final byte STDERR = 6;   // payload = raw bytes the task printed on System.err
    // pool -> worker
    static final byte TASK = 10;    // id = task id, payload = a SerializableCallable

    static final byte[] EMPTY = new byte[0];

    private Protocol() {
    }

    static void writeFrame(DataOutputStream out, byte type, long id, byte[] payload) throws IOException {
        writeFrame(out, type, id, payload, 0, payload.length);
    }

    static void writeFrame(DataOutputStream out, byte type, long id, byte[] payload, int off, int len)
            throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(type);
        out.writeLong(id);
        out.writeInt(len);
        out.write(payload, off, len);
        out.flush();
    }

    /** One frame read from the channel. */
    static final class Frame {
        final byte type;
        final long id;
        final byte[] payload;

        Frame(byte type, long id, byte[] payload) {
            this.type = type;
            this.id = id;
            this.payload = payload;
        }
    }

    /** Reads one frame; {@code null} at a clean end of stream (the other side closed the channel). */
    static Frame readFrame(DataInputStream in) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (magic != MAGIC) {
            throw new StreamCorruptedException(String.format(
                    "not a protocol frame (read 0x%08x, \"%s\"): something wrote directly to the worker's stdout",
                    magic, printable(magic)));
        }
        byte type = in.readByte();
        long id = in.readLong();
        int length = in.readInt();
        if (length < 0) {
            throw new StreamCorruptedException("negative frame length " + length);
        }
        byte[] payload = length == 0 ? EMPTY : new byte[length];
        in.readFully(payload);
        return new Frame(type, id, payload);
    }

    private static String printable(int v) {
        StringBuilder sb = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (v >>> shift) & 0xff;
            sb.append(c >= 32 && c < 127 ? (char) c : '.');
        }
        return sb.toString();
    }

    static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] payload, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(payload), loader)) {
            return in.readObject();
        }
    }

    /** Resolves classes through a given loader first (the loader of the code that created the pool). */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution (primitives, platform classes)
                }
            }
            return super.resolveClass(desc);
        }
    }
}
