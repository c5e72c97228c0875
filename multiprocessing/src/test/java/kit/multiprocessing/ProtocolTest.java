package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire format in one process: frames written to bytes and read back. */
class ProtocolTest {

    static Object roundTrip(Object o) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(wire);
        Protocol.writeFrame(out, Protocol.TASK, 7, Protocol.serialize(o), new byte[Protocol.CHUNK]);
        Protocol.Frame frame = Protocol.readFrame(new DataInputStream(new ByteArrayInputStream(wire.toByteArray())),
                new byte[Protocol.CHUNK]);
        assertThat(frame.type).isEqualTo(Protocol.TASK);
        assertThat(frame.id).isEqualTo(7);
        return Protocol.deserialize(frame.message, ProtocolTest.class.getClassLoader());
    }

    @Test
    void everyKindOfLargePrimitiveArrayTravelsRawAndComesBackEqual() throws Exception {
        int n = 100_003;                                 // not a multiple of a chunk
        byte[] b = new byte[n];
        short[] s = new short[n];
        char[] c = new char[n];
        int[] i = new int[n];
        long[] l = new long[n];
        float[] f = new float[n];
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            b[k] = (byte) k;
            s[k] = (short) -k;
            c[k] = (char) (k * 7);
            i[k] = k * 31;
            l[k] = (long) k << 33 | k;
            f[k] = k / 3f;
            d[k] = -k / 7.0;
        }
        Object[] all = {b, s, c, i, l, f, d, new boolean[n]};
        Protocol.Message message = Protocol.serialize(all);
        assertThat(message.arrays).hasSize(7);           // boolean[] stays in the object stream
        assertThat(message.bytes.length).isLessThan(n + 1000);   // the boolean[] and little else
        Object[] back = (Object[]) roundTrip(all);
        for (int k = 0; k < all.length; k++) {
            assertThat(back[k]).as("array %d", k).isEqualTo(all[k]);
        }
    }

    @Test
    void smallArraysStayInTheObjectStreamAndTheSameArrayTwiceIsOneArray() throws Exception {
        long[] big = new long[10_000];
        big[9_999] = 42;
        int[] small = {1, 2, 3};
        assertThat(Protocol.serialize(small).arrays).isEmpty();
        List<Object> graph = new ArrayList<>(List.of(big, small, big, small));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(graph);
        assertThat(back.get(0)).isSameAs(back.get(2));
        assertThat(back.get(1)).isSameAs(back.get(3));
        assertThat((long[]) back.get(0)).isEqualTo(big);
    }

    @Test
    void classDescriptorsAreThinAndPrimitiveClassesStillTravel() throws Exception {
        SerializableFunction<Integer, Integer> inc = x -> x + 1;
        int thin = Protocol.serialize(List.of(inc, 5)).bytes.length;
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(plain)) {
            out.writeObject(List.of(inc, 5));
        }
        assertThat(thin).as("thin descriptors vs Java serialization").isLessThan(plain.size() * 2 / 3);
        assertThat(roundTrip(Map.of("k", int.class, "v", long[].class))).isEqualTo(Map.of("k", int.class, "v", long[].class));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(List.of(inc, 5));
        @SuppressWarnings("unchecked")
        SerializableFunction<Integer, Integer> copy = (SerializableFunction<Integer, Integer>) back.get(0);
        assertThat(copy.apply((Integer) back.get(1))).isEqualTo(6);
    }

    @Test
    void aBatchOfBoxedNumbersTravelsAsOnePrimitiveArrayAndMixedOnesAsObjects() throws Exception {
        Object[] ints = new Object[1000];
        Arrays.setAll(ints, i -> i * 3);
        Object[][] cases = {ints, {1L, -2L, Long.MAX_VALUE}, {0.5, -1.0}, {1, 2L, 3.0, "four", null}, {null}, {}};
        for (Object[] values : cases) {
            Batch back = (Batch) roundTrip(new Batch(values));
            assertThat(back.values()).as(Arrays.toString(values)).containsExactly(values);
        }
        assertThat(Protocol.serialize(new Batch(ints)).bytes.length).as("1000 ints").isLessThan(4200);
    }

    @Test
    void aThinDescriptorWithAnotherSerialVersionUidIsRefusedAsJavaSerializationWould() throws Exception {
        Protocol.Message message = Protocol.serialize(new Batch(new Object[] {"x"}));
        byte[] name = Batch.class.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(message.bytes, name) + name.length;     // the serialVersionUID follows the name
        message.bytes[at + 7] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Protocol.deserialize(message, getClass().getClassLoader()))
                .isInstanceOf(java.io.InvalidClassException.class).hasMessageContaining("serialVersionUID");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void everyWriteOnThePipeIsAtMostOneChunk() throws Exception {
        List<Integer> writes = new ArrayList<>();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
            }
        };
        Protocol.writeFrame(new DataOutputStream(counting), Protocol.RESULT, 1,
                Protocol.serialize(new Object[] {new long[1_000_000], new byte[300_000]}), new byte[Protocol.CHUNK]);
        assertThat(writes).allMatch(len -> len <= Protocol.CHUNK);
        assertThat(writes.stream().mapToLong(Integer::longValue).sum()).isGreaterThan(8_300_000);
        assertThat(Arrays.asList(Protocol.EMPTY.length)).containsExactly(0);
    }
}
