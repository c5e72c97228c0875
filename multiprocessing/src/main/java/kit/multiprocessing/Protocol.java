package kit.multiprocessing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format between the pool and its workers: frames of
 * {@code int MAGIC, byte type, long id, int objectLength, int arrayCount}, then {@code arrayCount} large primitive
 * arrays ({@code byte kind, int length}, then the elements' raw bytes), then {@code objectLength} bytes of a Java
 * object stream. The magic number makes stray bytes on the channel (something that bypassed
 * {@code System.out}) a clear error instead of garbage.
 *
 * <p>Why it looks like this (each point measured, see multiprocessing/README.md):
 * <ul>
 * <li>One fresh object stream per message, so a payload that fails to (de)serialize fails only its own task, and
 *     an object sent twice is sent twice (no stale back-references, no handle table that grows). Class
 *     descriptors are written <em>thin</em>: name and serialVersionUID only; the reader uses its own descriptor of
 *     the same class (both JVMs load the same classes) and refuses a different serialVersionUID, as Java
 *     serialization does. A tiny task was about 690 bytes of mostly descriptors.</li>
 * <li>Primitive arrays of {@value #ARRAY_MIN_BYTES} bytes or more leave the object stream: it holds a small
 *     reference, and the elements are copied in bulk, {@value #CHUNK} bytes at a time, between the array and the
 *     pipe. The object stream would convert them 1 KB at a time, and the JDK's pipe streams allocate a native
 *     buffer as large as each read or write request (80 MB for an 80 MB array, a thousand times per round trip).
 *     Every read and write here is at most {@value #CHUNK} bytes, through a buffer the connection owns.</li>
 * </ul>
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
    static final Object[] NO_ARRAYS = new Object[0];

    /** Arrays at least this large travel raw, beside the object stream. */
    static final int ARRAY_MIN_BYTES = 16 * 1024;
    /** The largest single read or write on a pipe: its capacity on Linux. */
    static final int CHUNK = 64 * 1024;

    /** The primitive array types that travel raw, by kind byte; their element sizes. */
    private static final Class<?>[] KINDS = {byte[].class, short[].class, char[].class, int[].class,
        long[].class, float[].class, double[].class};
    private static final int[] WIDTHS = {1, 2, 2, 4, 8, 4, 8};

    private static final byte FAT_DESCRIPTOR = 0;
    private static final byte THIN_DESCRIPTOR = 1;

    private Protocol() {
    }

    /** What one frame carries: object-stream bytes (or raw bytes) and the large arrays sent beside them. */
    static final class Message {
        final byte[] bytes;
        final Object[] arrays;

        Message(byte[] bytes, Object[] arrays) {
            this.bytes = bytes;
            this.arrays = arrays;
        }

        static Message raw(byte[] bytes) {
            return new Message(bytes, NO_ARRAYS);
        }

        /** The same message holding copies of its arrays: for a task that waits while its caller goes on. */
        Message withCopiedArrays() {
            Object[] copies = new Object[arrays.length];
            for (int i = 0; i < arrays.length; i++) {
                copies[i] = copyOf(arrays[i]);
            }
            return new Message(bytes, copies);
        }

        private static Object copyOf(Object array) {
            int length = java.lang.reflect.Array.getLength(array);
            Object copy = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), length);
            System.arraycopy(array, 0, copy, 0, length);
            return copy;
        }
    }

    /** One frame read from the channel. */
    static final class Frame {
        final byte type;
        final long id;
        final Message message;

        Frame(byte type, long id, Message message) {
            this.type = type;
            this.id = id;
            this.message = message;
        }

        byte[] payload() {
            return message.bytes;
        }
    }

    static void writeFrame(DataOutputStream out, byte type, long id, byte[] raw, int off, int len, byte[] buffer)
            throws IOException {
        writeHeader(out, type, id, len, 0);
        writeBytes(out, raw, off, len);
        out.flush();
    }

    static void writeFrame(DataOutputStream out, byte type, long id, Message message, byte[] buffer) throws IOException {
        writeHeader(out, type, id, message.bytes.length, message.arrays.length);
        for (Object array : message.arrays) {
            writeArray(out, array, buffer);
        }
        writeBytes(out, message.bytes, 0, message.bytes.length);
        out.flush();
    }

    private static void writeHeader(DataOutputStream out, byte type, long id, int length, int arrays) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(type);
        out.writeLong(id);
        out.writeInt(length);
        out.writeInt(arrays);
    }

    private static void writeBytes(OutputStream out, byte[] bytes, int off, int len) throws IOException {
        for (int done = 0; done < len; done += CHUNK) {
            out.write(bytes, off + done, Math.min(CHUNK, len - done));
        }
    }

    /** The array's elements in native byte order, copied through {@code buffer} one chunk at a time. */
    private static void writeArray(DataOutputStream out, Object array, byte[] buffer) throws IOException {
        int kind = kindOf(array.getClass());
        int length = java.lang.reflect.Array.getLength(array);
        out.writeByte(kind);
        out.writeInt(length);
        if (kind == 0) {
            writeBytes(out, (byte[]) array, 0, length);
            return;
        }
        int perChunk = buffer.length / WIDTHS[kind];
        ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            view.clear();
            switch (kind) {
                case 1: view.asShortBuffer().put((short[]) array, from, n); break;
                case 2: view.asCharBuffer().put((char[]) array, from, n); break;
                case 3: view.asIntBuffer().put((int[]) array, from, n); break;
                case 4: view.asLongBuffer().put((long[]) array, from, n); break;
                case 5: view.asFloatBuffer().put((float[]) array, from, n); break;
                default: view.asDoubleBuffer().put((double[]) array, from, n); break;
            }
            out.write(buffer, 0, n * WIDTHS[kind]);
        }
    }

    /** Reads one frame; {@code null} at a clean end of stream (the other side closed the channel). */
    static Frame readFrame(DataInputStream in, byte[] buffer) throws IOException {
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
        int arrayCount = in.readInt();
        if (length < 0 || arrayCount < 0) {
            throw new StreamCorruptedException("negative frame length " + length + " or array count " + arrayCount);
        }
        Object[] arrays = arrayCount == 0 ? NO_ARRAYS : new Object[arrayCount];
        for (int i = 0; i < arrayCount; i++) {
            arrays[i] = readArray(in, buffer);
        }
        byte[] bytes = length == 0 ? EMPTY : new byte[length];
        readBytes(in, bytes, 0, length);
        return new Frame(type, id, new Message(bytes, arrays));
    }

    private static void readBytes(InputStream in, byte[] bytes, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(bytes, off + done, Math.min(CHUNK, len - done));
            if (n < 0) {
                throw new EOFException("the channel ended inside a frame");
            }
            done += n;
        }
    }

    private static Object readArray(DataInputStream in, byte[] buffer) throws IOException {
        int kind = in.readUnsignedByte();
        int length = in.readInt();
        if (kind >= KINDS.length || length < 0) {
            throw new StreamCorruptedException("bad array kind " + kind + " or length " + length);
        }
        Object array = java.lang.reflect.Array.newInstance(KINDS[kind].getComponentType(), length);
        if (kind == 0) {
            readBytes(in, (byte[]) array, 0, length);
            return array;
        }
        int perChunk = buffer.length / WIDTHS[kind];
        ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            readBytes(in, buffer, 0, n * WIDTHS[kind]);
            view.clear();
            switch (kind) {
                case 1: view.asShortBuffer().get((short[]) array, from, n); break;
                case 2: view.asCharBuffer().get((char[]) array, from, n); break;
                case 3: view.asIntBuffer().get((int[]) array, from, n); break;
                case 4: view.asLongBuffer().get((long[]) array, from, n); break;
                case 5: view.asFloatBuffer().get((float[]) array, from, n); break;
                default: view.asDoubleBuffer().get((double[]) array, from, n); break;
            }
        }
        return array;
    }

    private static int kindOf(Class<?> arrayClass) {
        for (int i = 0; i < KINDS.length; i++) {
            if (KINDS[i] == arrayClass) {
                return i;
            }
        }
        return -1;
    }

    /** Is this a primitive array large enough to travel raw? */
    private static boolean travelsRaw(Object o) {
        Class<?> c = o.getClass();
        if (!c.isArray() || !c.getComponentType().isPrimitive()) {
            return false;
        }
        int kind = kindOf(c);
        return kind >= 0 && (long) java.lang.reflect.Array.getLength(o) * WIDTHS[kind] >= ARRAY_MIN_BYTES;
    }

    private static String printable(int v) {
        StringBuilder sb = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (v >>> shift) & 0xff;
            sb.append(c >= 32 && c < 127 ? (char) c : '.');
        }
        return sb.toString();
    }

    static Message serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        List<Object> arrays = new ArrayList<>(0);
        try (ObjectOutputStream out = new WireOutputStream(bytes, arrays)) {
            out.writeObject(o);
        }
        return new Message(bytes.toByteArray(), arrays.isEmpty() ? NO_ARRAYS : arrays.toArray());
    }

    static Object deserialize(Message message, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new WireInputStream(new ByteArrayInputStream(message.bytes), message.arrays, loader)) {
            return in.readObject();
        }
    }

    /** Stands in the object stream for the large array number {@code index} of its message. */
    private static final class ArrayRef implements Serializable {
        private static final long serialVersionUID = 1L;
        final int index;

        ArrayRef(int index) {
            this.index = index;
        }
    }

    /** Thin class descriptors; large primitive arrays replaced by {@link ArrayRef}s. */
    private static final class WireOutputStream extends ObjectOutputStream {
        private final List<Object> arrays;

        WireOutputStream(OutputStream out, List<Object> arrays) throws IOException {
            super(out);
            this.arrays = arrays;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (travelsRaw(obj)) {
                arrays.add(obj);
                return new ArrayRef(arrays.size() - 1);
            }
            return obj;
        }

        @Override
        protected void writeClassDescriptor(ObjectStreamClass desc) throws IOException {
            Class<?> c = desc.forClass();
            if (c == null || c.isPrimitive()) {
                writeByte(FAT_DESCRIPTOR);
                super.writeClassDescriptor(desc);
            } else {
                writeByte(THIN_DESCRIPTOR);
                writeUTF(desc.getName());
                writeLong(desc.getSerialVersionUID());
            }
        }
    }

    /** Reads what {@link WireOutputStream} wrote, resolving classes through a given loader first. */
    private static final class WireInputStream extends ObjectInputStream {
        private final Object[] arrays;
        private final ClassLoader loader;

        WireInputStream(InputStream in, Object[] arrays, ClassLoader loader) throws IOException {
            super(in);
            this.arrays = arrays;
            this.loader = loader;
            enableResolveObject(arrays.length > 0);
        }

        @Override
        protected Object resolveObject(Object obj) throws IOException {
            if (obj instanceof ArrayRef) {
                int index = ((ArrayRef) obj).index;
                if (index < 0 || index >= arrays.length) {
                    throw new StreamCorruptedException("reference to array " + index + " of " + arrays.length);
                }
                return arrays[index];
            }
            return obj;
        }

        @Override
        protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
            if (readByte() == FAT_DESCRIPTOR) {
                return super.readClassDescriptor();
            }
            String name = readUTF();
            long uid = readLong();
            ObjectStreamClass local = ObjectStreamClass.lookupAny(classFor(name));
            if (local.getSerialVersionUID() != uid) {
                throw new InvalidClassException(name, "local class incompatible: stream classdesc serialVersionUID = "
                        + uid + ", local class serialVersionUID = " + local.getSerialVersionUID());
            }
            return local;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return classFor(desc.getName());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);        // primitive types (int.class as a value)
            }
        }

        private Class<?> classFor(String name) throws ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the library's own loader
                }
            }
            return Class.forName(name, false, Protocol.class.getClassLoader());
        }
    }
}
