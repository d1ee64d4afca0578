using Coffer.Core.Seal;

namespace Coffer.Core.Tests.Seal;

public class GaloisField256Tests
{
    [Theory]
    // Worked examples from FIPS-197 section 4.2, which uses the same polynomial (0x11B).
    [InlineData(0x57, 0x83, 0xC1)]
    [InlineData(0x57, 0x13, 0xFE)]
    [InlineData(0x57, 0x02, 0xAE)]
    [InlineData(0x57, 0x04, 0x47)]
    [InlineData(0x57, 0x08, 0x8E)]
    [InlineData(0x57, 0x10, 0x07)]
    [InlineData(0x03, 0x07, 0x09)]
    public void Multiply_MatchesPublishedProducts(int a, int b, int expected)
    {
        Assert.Equal((byte)expected, GaloisField256.Multiply((byte)a, (byte)b));
    }

    [Fact]
    public void Multiply_AgreesWithIndependentLogTableImplementation_ForAllPairs()
    {
        var reference = new LogTableField();
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                Assert.Equal(reference.Multiply((byte)a, (byte)b), GaloisField256.Multiply((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void Multiply_HasIdentityAndZero_ForAllElements()
    {
        for (int a = 0; a < 256; a++)
        {
            Assert.Equal((byte)a, GaloisField256.Multiply((byte)a, 1));
            Assert.Equal(0, GaloisField256.Multiply((byte)a, 0));
        }
    }

    [Fact]
    public void Multiply_IsCommutative_ForAllPairs()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = a; b < 256; b++)
            {
                Assert.Equal(GaloisField256.Multiply((byte)a, (byte)b), GaloisField256.Multiply((byte)b, (byte)a));
            }
        }
    }

    [Fact]
    public void Multiply_DistributesOverAdd_ForAllTriples()
    {
        // Tabulating Multiply once keeps the 16.7 million checks to lookups; they still test every
        // product it returns. Field addition is XOR (Add_IsXor checks that).
        var products = new byte[256 * 256];
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                products[(a << 8) | b] = GaloisField256.Multiply((byte)a, (byte)b);
            }
        }

        for (int a = 0; a < 256; a++)
        {
            int row = a << 8;
            for (int b = 0; b < 256; b++)
            {
                for (int c = 0; c < 256; c++)
                {
                    int left = products[row | (b ^ c)];
                    int right = products[row | b] ^ products[row | c];
                    if (left != right)
                    {
                        Assert.Fail($"{a} * ({b} + {c}) = {left}, but {a}*{b} + {a}*{c} = {right}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Multiply_IsAssociative_ForSampledTriples()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b += 3)
            {
                for (int c = 1; c < 256; c += 17)
                {
                    byte left = GaloisField256.Multiply(GaloisField256.Multiply((byte)a, (byte)b), (byte)c);
                    byte right = GaloisField256.Multiply((byte)a, GaloisField256.Multiply((byte)b, (byte)c));
                    Assert.Equal(left, right);
                }
            }
        }
    }

    [Fact]
    public void Inverse_TimesElementIsOne_ForAllNonZeroElements()
    {
        for (int a = 1; a < 256; a++)
        {
            Assert.Equal(1, GaloisField256.Multiply((byte)a, GaloisField256.Inverse((byte)a)));
        }
    }

    [Fact]
    public void Inverse_OfZeroIsZero()
    {
        Assert.Equal(0, GaloisField256.Inverse(0));
    }

    [Fact]
    public void Divide_UndoesMultiply_ForAllPairs()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 1; b < 256; b++)
            {
                Assert.Equal((byte)a, GaloisField256.Divide(GaloisField256.Multiply((byte)a, (byte)b), (byte)b));
            }
        }
    }

    [Fact]
    public void Divide_ByZeroThrows()
    {
        Assert.Throws<DivideByZeroException>(() => GaloisField256.Divide(5, 0));
    }

    [Fact]
    public void Add_IsXor_ForAllPairs()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                Assert.Equal((byte)(a ^ b), GaloisField256.Add((byte)a, (byte)b));
            }
        }
    }

    /// <summary>
    /// A deliberately different construction (powers of the generator 3) to cross-check the bitwise
    /// multiplication against.
    /// </summary>
    private sealed class LogTableField
    {
        private readonly byte[] _exp = new byte[255];
        private readonly byte[] _log = new byte[256];

        public LogTableField()
        {
            int value = 1;
            for (int power = 0; power < 255; power++)
            {
                _exp[power] = (byte)value;
                _log[value] = (byte)power;

                // value * 3 = value * x + value, reducing by 0x11B when x^8 appears.
                int timesX = value << 1;
                if ((timesX & 0x100) != 0)
                {
                    timesX ^= 0x11B;
                }

                value = timesX ^ value;
            }

            Assert.Equal(1, value); // 3 generates the whole multiplicative group.
        }

        public byte Multiply(byte a, byte b) =>
            a == 0 || b == 0 ? (byte)0 : _exp[(_log[a] + _log[b]) % 255];
    }
}
