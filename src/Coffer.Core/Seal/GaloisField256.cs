namespace Coffer.Core.Seal;

/// <summary>
/// Arithmetic in GF(2^8) reduced by the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), the field
/// HashiCorp Vault's Shamir implementation uses, so shares stay interchangeable with Vault's.
/// </summary>
/// <remarks>
/// Multiplication is done bit by bit with masks instead of log/exp tables: the operands are key
/// material, and this way neither a branch nor a memory address depends on them, so the time taken
/// is the same for every input. The cost (eight rounds of a few ALU operations) is irrelevant at
/// the sizes Shamir splitting deals with.
/// </remarks>
internal static class GaloisField256
{
    /// <summary>The low eight bits of the reduction polynomial; the x^8 term is the carry out of the byte.</summary>
    private const int ReductionLowBits = 0x1B;

    /// <summary>Addition and subtraction are the same operation in characteristic 2.</summary>
    public static byte Add(byte a, byte b) => (byte)(a ^ b);

    public static byte Multiply(byte a, byte b)
    {
        int multiplicand = a;
        int multiplier = b;
        int product = 0;
        for (int bit = 0; bit < 8; bit++)
        {
            // -(x & 1) is all ones when the bit is set and zero otherwise, selecting without branching.
            product ^= multiplicand & -(multiplier & 1);
            multiplier >>= 1;

            // Multiply the running term by x, folding the carry out of bit 7 back in via the polynomial.
            int carry = -((multiplicand >> 7) & 1);
            multiplicand = ((multiplicand << 1) ^ (ReductionLowBits & carry)) & 0xFF;
        }

        return (byte)product;
    }

    /// <summary>
    /// The multiplicative inverse, computed as a^254 (the multiplicative group has order 255), which
    /// takes the same fixed sequence of multiplications for every input. Zero maps to zero.
    /// </summary>
    public static byte Inverse(byte a)
    {
        // 254 = 0b11111110: square-and-multiply with a fixed schedule.
        byte a2 = Multiply(a, a);
        byte a3 = Multiply(a2, a);
        byte a6 = Multiply(a3, a3);
        byte a7 = Multiply(a6, a);
        byte a14 = Multiply(a7, a7);
        byte a15 = Multiply(a14, a);
        byte a30 = Multiply(a15, a15);
        byte a31 = Multiply(a30, a);
        byte a62 = Multiply(a31, a31);
        byte a63 = Multiply(a62, a);
        byte a126 = Multiply(a63, a63);
        byte a127 = Multiply(a126, a);
        return Multiply(a127, a127);
    }

    /// <summary>Divides <paramref name="a"/> by a non-zero <paramref name="b"/>.</summary>
    public static byte Divide(byte a, byte b)
    {
        if (b == 0)
        {
            // Only ever reached with public x coordinates, never with secret data.
            throw new DivideByZeroException("Division by zero in GF(2^8).");
        }

        return Multiply(a, Inverse(b));
    }
}
