package dev.tessera.auth.account;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 (RFC 9106; types d, i and id, versions 0x10 and 0x13, any number of lanes, computed lane after
 * lane) with the same output as Bouncy Castle's {@code Argon2BytesGenerator}, which Spring's
 * {@code Argon2PasswordEncoder} uses. The differences are how memory is held, not what is computed:
 *
 * <ul>
 *   <li>Bouncy Castle allocates one 1 KiB object per block, 19,456 of them (19 MiB) per hash, and drops
 *       them after zeroing them. Under login load that was most of the garbage the service made: young
 *       collections every few logins that copied and promoted the blocks of the hashes still running.
 *       Here the blocks live in one {@code long[]}, and arrays of the usual size are kept in a small
 *       pool (at most as many as hashes may run at once), so a hash allocates about 4 KiB.
 *   <li>The compression function works on locals instead of array elements.
 * </ul>
 *
 * <p>A pooled array is zeroed before it goes back to the pool, as Bouncy Castle zeroes its blocks: the
 * blocks are derived from the password, and the first ones would let a heap dump test guesses cheaply.
 * The cost parameters are whatever the caller passes; nothing here weakens them.
 */
final class Argon2Function {

    private static final int BLOCK_LONGS = 128;

    private static final int SYNC_POINTS = 4;

    private static final int ADDRESSES_IN_BLOCK = 128;

    private static final int PREHASH_LENGTH = 64;

    private final int pooledBlocks;

    private final BlockingQueue<long[]> pool;

    /**
     * @param pooledMemoryKiB the memory parameter whose arrays are pooled (others are allocated per hash)
     * @param pooledLanes the lanes of that parameter set (the aligned block count depends on them)
     * @param poolSize how many arrays are kept at most: the number of hashes that may run at once
     */
    Argon2Function(int pooledMemoryKiB, int pooledLanes, int poolSize) {
        this.pooledBlocks = alignedBlocks(pooledMemoryKiB, pooledLanes);
        this.pool = new ArrayBlockingQueue<>(Math.max(1, poolSize));
    }

    /** The Argon2 tag of {@code outLength} bytes for {@code password} under {@code parameters}. */
    byte[] hash(Argon2Parameters parameters, byte[] password, int outLength) {
        if (outLength < 4) {
            throw new IllegalArgumentException("output length less than 4");
        }
        int lanes = parameters.getLanes();
        if (lanes < 1 || parameters.getIterations() < 1 || parameters.getMemory() < 2 * lanes) {
            throw new IllegalArgumentException("invalid Argon2 parameters");
        }
        int blocks = alignedBlocks(parameters.getMemory(), lanes);
        long[] memory = borrow(blocks);
        try {
            return compute(memory, blocks, parameters, password, outLength);
        } finally {
            giveBack(memory);
        }
    }

    /** The arrays waiting for the next hash (tests check that they are zeroed). */
    BlockingQueue<long[]> pooled() {
        return this.pool;
    }

    private long[] borrow(int blocks) {
        if (blocks == this.pooledBlocks) {
            long[] pooled = this.pool.poll();
            if (pooled != null) {
                return pooled;
            }
        }
        return new long[blocks * BLOCK_LONGS];
    }

    private void giveBack(long[] memory) {
        Arrays.fill(memory, 0L);
        if (memory.length == this.pooledBlocks * BLOCK_LONGS) {
            this.pool.offer(memory);
        }
    }

    static int alignedBlocks(int memoryKiB, int lanes) {
        int blocks = Math.max(memoryKiB, 2 * SYNC_POINTS * lanes);
        int segmentLength = blocks / (lanes * SYNC_POINTS);
        return segmentLength * lanes * SYNC_POINTS;
    }

    private static byte[] compute(
            long[] memory, int blocks, Argon2Parameters parameters, byte[] password, int outLength) {
        int lanes = parameters.getLanes();
        int segmentLength = blocks / (lanes * SYNC_POINTS);
        int laneLength = segmentLength * SYNC_POINTS;
        byte[] h0 = initialHash(parameters, outLength, password);
        fillFirstBlocks(memory, h0, lanes, laneLength);
        Arrays.fill(h0, (byte) 0);

        Scratch scratch = new Scratch();
        boolean v13 = parameters.getVersion() != Argon2Parameters.ARGON2_VERSION_10;
        for (int pass = 0; pass < parameters.getIterations(); pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(
                            memory,
                            scratch,
                            parameters,
                            blocks,
                            lanes,
                            segmentLength,
                            laneLength,
                            pass,
                            slice,
                            lane,
                            v13 && pass != 0);
                }
            }
        }

        long[] last = scratch.r;
        System.arraycopy(memory, (laneLength - 1) * BLOCK_LONGS, last, 0, BLOCK_LONGS);
        for (int lane = 1; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                last[i] ^= memory[offset + i];
            }
        }
        byte[] lastBytes = new byte[1024];
        for (int i = 0; i < BLOCK_LONGS; i++) {
            putLong(lastBytes, i * 8, last[i]);
        }
        byte[] tag = variableHash(lastBytes, outLength);
        Arrays.fill(lastBytes, (byte) 0);
        scratch.clear();
        return tag;
    }

    private static byte[] initialHash(Argon2Parameters parameters, int outLength, byte[] password) {
        Blake2bDigest blake = new Blake2bDigest(PREHASH_LENGTH * 8);
        addInt(blake, parameters.getLanes());
        addInt(blake, outLength);
        addInt(blake, parameters.getMemory());
        addInt(blake, parameters.getIterations());
        addInt(blake, parameters.getVersion());
        addInt(blake, parameters.getType());
        addBytes(blake, password);
        addBytes(blake, parameters.getSalt());
        addBytes(blake, parameters.getSecret());
        addBytes(blake, parameters.getAdditional());
        byte[] h0 = new byte[PREHASH_LENGTH];
        blake.doFinal(h0, 0);
        return h0;
    }

    private static void fillFirstBlocks(long[] memory, byte[] h0, int lanes, int laneLength) {
        byte[] input = new byte[PREHASH_LENGTH + 8];
        System.arraycopy(h0, 0, input, 0, PREHASH_LENGTH);
        for (int lane = 0; lane < lanes; lane++) {
            putInt(input, PREHASH_LENGTH + 4, lane);
            for (int column = 0; column < 2; column++) {
                putInt(input, PREHASH_LENGTH, column);
                byte[] block = variableHash(input, 1024);
                int offset = (lane * laneLength + column) * BLOCK_LONGS;
                for (int i = 0; i < BLOCK_LONGS; i++) {
                    memory[offset + i] = getLong(block, i * 8);
                }
                Arrays.fill(block, (byte) 0);
            }
        }
        Arrays.fill(input, (byte) 0);
    }

    private static void fillSegment(
            long[] memory,
            Scratch scratch,
            Argon2Parameters parameters,
            int blocks,
            int lanes,
            int segmentLength,
            int laneLength,
            int pass,
            int slice,
            int lane,
            boolean withXor) {
        int type = parameters.getType();
        boolean independent = type == Argon2Parameters.ARGON2_i
                || (type == Argon2Parameters.ARGON2_id && pass == 0 && slice < SYNC_POINTS / 2);
        long[] address = scratch.address;
        long[] input = scratch.input;
        int startingIndex = (pass == 0 && slice == 0) ? 2 : 0;
        if (independent) {
            Arrays.fill(input, 0L);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blocks;
            input[4] = parameters.getIterations();
            input[5] = type;
            if (startingIndex == 2) {
                nextAddresses(scratch);
            }
        }
        int current = lane * laneLength + slice * segmentLength + startingIndex;
        int previous = (current % laneLength == 0) ? current + laneLength - 1 : current - 1;
        for (int index = startingIndex; index < segmentLength; index++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (independent) {
                if (index % ADDRESSES_IN_BLOCK == 0) {
                    nextAddresses(scratch);
                }
                pseudoRandom = address[index % ADDRESSES_IN_BLOCK];
            } else {
                pseudoRandom = memory[previous * BLOCK_LONGS];
            }
            int refLane = (pass == 0 && slice == 0) ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int refColumn =
                    referenceColumn(pass, slice, index, segmentLength, laneLength, pseudoRandom, refLane == lane);
            fillBlock(
                    memory,
                    previous * BLOCK_LONGS,
                    memory,
                    (refLane * laneLength + refColumn) * BLOCK_LONGS,
                    memory,
                    current * BLOCK_LONGS,
                    withXor,
                    scratch);
        }
    }

    private static int referenceColumn(
            int pass, int slice, int index, int segmentLength, int laneLength, long pseudoRandom, boolean sameLane) {
        int areaSize;
        int start;
        if (pass == 0) {
            start = 0;
            areaSize = sameLane ? slice * segmentLength + index - 1 : slice * segmentLength + ((index == 0) ? -1 : 0);
        } else {
            start = ((slice + 1) * segmentLength) % laneLength;
            areaSize = sameLane
                    ? laneLength - segmentLength + index - 1
                    : laneLength - segmentLength + ((index == 0) ? -1 : 0);
        }
        long relative = pseudoRandom & 0xFFFFFFFFL;
        relative = (relative * relative) >>> 32;
        relative = areaSize - 1 - ((areaSize * relative) >>> 32);
        return (int) ((start + relative) % laneLength);
    }

    private static void nextAddresses(Scratch scratch) {
        scratch.input[6]++;
        fillBlock(scratch.zero, 0, scratch.input, 0, scratch.address, 0, false, scratch);
        fillBlock(scratch.zero, 0, scratch.address, 0, scratch.address, 0, false, scratch);
    }

    /** next = P(prev ^ ref) ^ prev ^ ref (^ next when withXor), P applied to rows, then columns. */
    private static void fillBlock(
            long[] prevArray,
            int prev,
            long[] refArray,
            int ref,
            long[] nextArray,
            int next,
            boolean withXor,
            Scratch scratch) {
        long[] r = scratch.r;
        long[] keep = scratch.keep;
        for (int i = 0; i < BLOCK_LONGS; i++) {
            long x = prevArray[prev + i] ^ refArray[ref + i];
            r[i] = x;
            keep[i] = withXor ? x ^ nextArray[next + i] : x;
        }
        for (int i = 0; i < 8; i++) {
            int b = 16 * i;
            round(
                    r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13,
                    b + 14, b + 15);
        }
        for (int i = 0; i < 8; i++) {
            int b = 2 * i;
            round(
                    r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81, b + 96,
                    b + 97, b + 112, b + 113);
        }
        for (int i = 0; i < BLOCK_LONGS; i++) {
            nextArray[next + i] = keep[i] ^ r[i];
        }
    }

    /** Blake2b's round without message (Argon2's BlaMka variant), on 16 words of {@code v}. */
    private static void round(
            long[] v,
            int i0,
            int i1,
            int i2,
            int i3,
            int i4,
            int i5,
            int i6,
            int i7,
            int i8,
            int i9,
            int i10,
            int i11,
            int i12,
            int i13,
            int i14,
            int i15) {
        long v0 = v[i0], v1 = v[i1], v2 = v[i2], v3 = v[i3];
        long v4 = v[i4], v5 = v[i5], v6 = v[i6], v7 = v[i7];
        long v8 = v[i8], v9 = v[i9], v10 = v[i10], v11 = v[i11];
        long v12 = v[i12], v13 = v[i13], v14 = v[i14], v15 = v[i15];

        // G(v0, v4, v8, v12)
        v0 = blaMka(v0, v4);
        v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = blaMka(v8, v12);
        v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = blaMka(v0, v4);
        v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = blaMka(v8, v12);
        v4 = Long.rotateRight(v4 ^ v8, 63);
        // G(v1, v5, v9, v13)
        v1 = blaMka(v1, v5);
        v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = blaMka(v9, v13);
        v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = blaMka(v1, v5);
        v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = blaMka(v9, v13);
        v5 = Long.rotateRight(v5 ^ v9, 63);
        // G(v2, v6, v10, v14)
        v2 = blaMka(v2, v6);
        v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = blaMka(v10, v14);
        v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = blaMka(v2, v6);
        v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = blaMka(v10, v14);
        v6 = Long.rotateRight(v6 ^ v10, 63);
        // G(v3, v7, v11, v15)
        v3 = blaMka(v3, v7);
        v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = blaMka(v11, v15);
        v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = blaMka(v3, v7);
        v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = blaMka(v11, v15);
        v7 = Long.rotateRight(v7 ^ v11, 63);
        // G(v0, v5, v10, v15)
        v0 = blaMka(v0, v5);
        v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = blaMka(v10, v15);
        v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = blaMka(v0, v5);
        v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = blaMka(v10, v15);
        v5 = Long.rotateRight(v5 ^ v10, 63);
        // G(v1, v6, v11, v12)
        v1 = blaMka(v1, v6);
        v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = blaMka(v11, v12);
        v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = blaMka(v1, v6);
        v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = blaMka(v11, v12);
        v6 = Long.rotateRight(v6 ^ v11, 63);
        // G(v2, v7, v8, v13)
        v2 = blaMka(v2, v7);
        v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = blaMka(v8, v13);
        v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = blaMka(v2, v7);
        v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = blaMka(v8, v13);
        v7 = Long.rotateRight(v7 ^ v8, 63);
        // G(v3, v4, v9, v14)
        v3 = blaMka(v3, v4);
        v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = blaMka(v9, v14);
        v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = blaMka(v3, v4);
        v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = blaMka(v9, v14);
        v4 = Long.rotateRight(v4 ^ v9, 63);

        v[i0] = v0;
        v[i1] = v1;
        v[i2] = v2;
        v[i3] = v3;
        v[i4] = v4;
        v[i5] = v5;
        v[i6] = v6;
        v[i7] = v7;
        v[i8] = v8;
        v[i9] = v9;
        v[i10] = v10;
        v[i11] = v11;
        v[i12] = v12;
        v[i13] = v13;
        v[i14] = v14;
        v[i15] = v15;
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
    }

    /** H': Blake2b stretched to {@code outLength} bytes (RFC 9106 section 3.3). */
    private static byte[] variableHash(byte[] input, int outLength) {
        byte[] out = new byte[outLength];
        byte[] length = new byte[4];
        putInt(length, 0, outLength);
        if (outLength <= 64) {
            Blake2bDigest blake = new Blake2bDigest(outLength * 8);
            blake.update(length, 0, 4);
            blake.update(input, 0, input.length);
            blake.doFinal(out, 0);
            return out;
        }
        Blake2bDigest blake = new Blake2bDigest(512);
        byte[] v = new byte[64];
        blake.update(length, 0, 4);
        blake.update(input, 0, input.length);
        blake.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        int r = ((outLength + 31) / 32) - 2;
        int position = 32;
        for (int i = 2; i <= r; i++, position += 32) {
            blake.update(v, 0, 64);
            blake.doFinal(v, 0);
            System.arraycopy(v, 0, out, position, 32);
        }
        Blake2bDigest lastDigest = new Blake2bDigest((outLength - 32 * r) * 8);
        lastDigest.update(v, 0, 64);
        lastDigest.doFinal(out, position);
        Arrays.fill(v, (byte) 0);
        return out;
    }

    private static void addInt(Blake2bDigest blake, int value) {
        byte[] bytes = new byte[4];
        putInt(bytes, 0, value);
        blake.update(bytes, 0, 4);
    }

    private static void addBytes(Blake2bDigest blake, byte[] bytes) {
        if (bytes == null) {
            addInt(blake, 0);
            return;
        }
        addInt(blake, bytes.length);
        blake.update(bytes, 0, bytes.length);
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }

    private static void putLong(byte[] bytes, int offset, long value) {
        putInt(bytes, offset, (int) value);
        putInt(bytes, offset + 4, (int) (value >>> 32));
    }

    private static long getLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }

    /** The per-hash working blocks besides memory (4 KiB). */
    private static final class Scratch {

        final long[] r = new long[BLOCK_LONGS];

        final long[] keep = new long[BLOCK_LONGS];

        final long[] address = new long[BLOCK_LONGS];

        final long[] input = new long[BLOCK_LONGS];

        final long[] zero = new long[BLOCK_LONGS];

        void clear() {
            Arrays.fill(this.r, 0L);
            Arrays.fill(this.keep, 0L);
            Arrays.fill(this.address, 0L);
            Arrays.fill(this.input, 0L);
        }
    }
}
