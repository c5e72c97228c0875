package lessons.chunking;

import java.io.Serializable;

/** The indices {@code [from, to)} one worker takes. */
public record Chunk(int from, int to) implements Serializable {

    public Chunk {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a chunk: [" + from + ", " + to + ")");
        }
    }

    /** How many indices: {@code to - from}. */
    public int size() {
        return to - from;
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
