package kit.multiprocessing;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The items or the results of one map chunk. When they are all {@code Integer}s, {@code Long}s or
 * {@code Double}s (the usual case), they travel as one primitive array instead of one object each:
 * serializing and deserializing a boxed number costs far more than its 4 or 8 bytes.
 */
final class Batch implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte OBJECTS = 0;
    private static final byte INTS = 1;
    private static final byte LONGS = 2;
    private static final byte DOUBLES = 3;

    private transient Object[] values;

    Batch(Object[] values) {
        this.values = values;
    }

    Object[] values() {
        return values;
    }

    @SuppressWarnings("unchecked")
    <T> List<T> asList() {
        return (List<T>) Arrays.asList(values);
    }

    /** The boxed type all values share, if it is one of ours; else OBJECTS (also for nulls). */
    private byte kind() {
        if (values.length == 0) {
            return OBJECTS;
        }
        Class<?> type = values[0] == null ? null : values[0].getClass();
        byte kind = type == Integer.class ? INTS : type == Long.class ? LONGS : type == Double.class ? DOUBLES : OBJECTS;
        for (int i = 1; kind != OBJECTS && i < values.length; i++) {
            if (values[i] == null || values[i].getClass() != type) {
                kind = OBJECTS;
            }
        }
        return kind;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        byte kind = kind();
        out.writeByte(kind);
        int n = values.length;
        switch (kind) {
            case INTS: {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Integer) values[i];
                }
                out.writeObject(a);
                break;
            }
            case LONGS: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Long) values[i];
                }
                out.writeObject(a);
                break;
            }
            case DOUBLES: {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Double) values[i];
                }
                out.writeObject(a);
                break;
            }
            default:
                out.writeObject(values);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        byte kind = in.readByte();
        Object array = in.readObject();
        switch (kind) {
            case INTS: {
                int[] a = (int[]) array;
                values = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    values[i] = a[i];
                }
                break;
            }
            case LONGS: {
                long[] a = (long[]) array;
                values = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    values[i] = a[i];
                }
                break;
            }
            case DOUBLES: {
                double[] a = (double[]) array;
                values = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    values[i] = a[i];
                }
                break;
            }
            default:
                values = (Object[]) array;
        }
    }
}
