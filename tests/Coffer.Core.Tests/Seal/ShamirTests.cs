using System.Security.Cryptography;
using Coffer.Core.Seal;

namespace Coffer.Core.Tests.Seal;

public class ShamirTests
{
    private const int SecretLength = 32;

    /// <summary>Every (threshold, shares) pair Split accepts with up to ten shares.</summary>
    public static TheoryData<int, int> ValidConfigurations() => ToTheoryData(ConfigurationsUpToTenShares());

    /// <summary>The configurations where one part fewer than the threshold is still at least two parts.</summary>
    public static TheoryData<int, int> ConfigurationsWithThresholdAtLeastThree() =>
        ToTheoryData(ConfigurationsUpToTenShares().Where(c => c.Threshold >= 3));

    [Theory]
    [MemberData(nameof(ValidConfigurations))]
    public void Split_ThenCombiningAnyThresholdSizedSubset_RebuildsTheSecret(int threshold, int shares)
    {
        byte[] secret = RandomNumberGenerator.GetBytes(SecretLength);

        byte[][] parts = Shamir.Split(secret, shares, threshold);

        Assert.Equal(shares, parts.Length);
        if (shares == 1)
        {
            Assert.Equal(secret, Assert.Single(parts));
            return;
        }

        AssertWellFormed(parts, SecretLength);
        foreach (int[] subset in Subsets(shares, threshold))
        {
            Assert.Equal(secret, Shamir.Combine(Select(parts, subset)));
        }

        // More parts than needed rebuild the same polynomial, in any order.
        Assert.Equal(secret, Shamir.Combine(parts.Reverse().ToArray()));
    }

    [Theory]
    [MemberData(nameof(ConfigurationsWithThresholdAtLeastThree))]
    public void Combine_WithOneFewerThanThreshold_DoesNotRebuildTheSecret(int threshold, int shares)
    {
        byte[] secret = RandomNumberGenerator.GetBytes(SecretLength);
        byte[][] parts = Shamir.Split(secret, shares, threshold);

        // A lucky match has probability 2^-256 per subset.
        foreach (int[] subset in Subsets(shares, threshold - 1))
        {
            Assert.NotEqual(secret, Shamir.Combine(Select(parts, subset)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Split_HandlesSecretsOfAnyLength(int length)
    {
        byte[] secret = RandomNumberGenerator.GetBytes(length);

        byte[][] parts = Shamir.Split(secret, 5, 3);

        AssertWellFormed(parts, length);
        Assert.Equal(secret, Shamir.Combine([parts[4], parts[0], parts[2]]));
    }

    [Fact]
    public void Split_WithTheMaximumOf255Shares_UsesEveryXCoordinate()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(16);

        byte[][] parts = Shamir.Split(secret, Shamir.MaxShares, Shamir.MaxShares);

        Assert.Equal(Enumerable.Range(1, 255).Select(x => (byte)x), parts.Select(p => p[^1]).Order());
        Assert.Equal(secret, Shamir.Combine(parts));
        Assert.NotEqual(secret, Shamir.Combine(parts[1..]));
    }

    [Fact]
    public void Split_OneShareThresholdOne_ReturnsACopyOfTheSecret()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(SecretLength);

        byte[][] parts = Shamir.Split(secret, 1, 1);

        byte[] only = Assert.Single(parts);
        Assert.Equal(secret, only);
        Assert.NotSame(secret, only);
    }

    [Fact]
    public void Split_UsesFreshRandomnessEachTime()
    {
        byte[] secret = new byte[SecretLength];

        byte[][] first = Shamir.Split(secret, 3, 2);
        byte[][] second = Shamir.Split(secret, 3, 2);

        Assert.NotEqual(first.SelectMany(p => p), second.SelectMany(p => p));
    }

    [Fact]
    public void Split_HandsOutXCoordinatesInRandomOrder()
    {
        // Each split has a 1 in 120 chance of coming out ascending; twenty in a row would be 2^-138.
        bool anyUnsorted = Enumerable.Range(0, 20)
            .Select(_ => Shamir.Split(new byte[4], 5, 3).Select(p => p[^1]).ToArray())
            .Any(xs => !xs.SequenceEqual(xs.Order()));

        Assert.True(anyUnsorted);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    [InlineData(5, 6)]
    [InlineData(256, 2)]
    [InlineData(256, 256)]
    public void Split_RejectsInvalidShareAndThresholdCounts(int shares, int threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Split(new byte[8], shares, threshold));
    }

    [Fact]
    public void Split_RejectsAnEmptySecret()
    {
        Assert.Throws<ArgumentException>(() => Shamir.Split([], 3, 2));
    }

    [Fact]
    public void Combine_RebuildsAHandComputedLinearPolynomial()
    {
        // f(x) = 0x42 + 1·x: f(1) = 0x43 and f(2) = 0x40 (addition is XOR).
        Assert.Equal(new byte[] { 0x42 }, Shamir.Combine([[0x43, 0x01], [0x40, 0x02]]));
    }

    [Fact]
    public void Combine_RebuildsAHandComputedQuadraticPolynomial()
    {
        // f(x) = 0x2A + 0x11·x + 0x05·x², where 2·2 = 4, 3·3 = 5 and 5·5 = 0x11 in GF(2^8):
        // f(1) = 0x2A^0x11^0x05 = 0x3E, f(2) = 0x2A^0x22^0x14 = 0x1C, f(3) = 0x2A^0x33^0x11 = 0x08.
        Assert.Equal(new byte[] { 0x2A }, Shamir.Combine([[0x1C, 0x02], [0x08, 0x03], [0x3E, 0x01]]));
    }

    [Fact]
    public void Combine_RejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => Shamir.Combine(null!));
    }

    [Fact]
    public void Combine_RejectsFewerThanTwoParts()
    {
        Assert.Throws<ArgumentException>(() => Shamir.Combine([]));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([[1, 2, 3]]));
    }

    [Fact]
    public void Combine_RejectsPartsShorterThanTwoBytes()
    {
        Assert.Throws<ArgumentException>(() => Shamir.Combine([[1], [2]]));
    }

    [Fact]
    public void Combine_RejectsPartsOfUnequalLength()
    {
        Assert.Throws<ArgumentException>(() => Shamir.Combine([[1, 2, 1], [3, 2]]));
    }

    [Fact]
    public void Combine_RejectsDuplicateXCoordinates()
    {
        byte[][] parts = Shamir.Split(RandomNumberGenerator.GetBytes(SecretLength), 3, 2);

        Assert.Throws<ArgumentException>(() => Shamir.Combine([parts[0], parts[1], parts[0]]));
    }

    [Fact]
    public void Combine_RejectsAZeroXCoordinate()
    {
        Assert.Throws<ArgumentException>(() => Shamir.Combine([[1, 0], [2, 1]]));
    }

    [Fact]
    public void Combine_RejectsANullPart()
    {
        Assert.Throws<ArgumentException>(() => Shamir.Combine([[1, 1], null!]));
    }

    private static void AssertWellFormed(byte[][] parts, int secretLength)
    {
        Assert.All(parts, part => Assert.Equal(secretLength + 1, part.Length));
        byte[] xs = parts.Select(p => p[^1]).ToArray();
        Assert.DoesNotContain((byte)0, xs);
        Assert.Equal(xs.Length, xs.Distinct().Count());
    }

    private static IEnumerable<(int Threshold, int Shares)> ConfigurationsUpToTenShares()
    {
        for (int shares = 1; shares <= 10; shares++)
        {
            for (int threshold = shares == 1 ? 1 : 2; threshold <= shares; threshold++)
            {
                yield return (threshold, shares);
            }
        }
    }

    private static TheoryData<int, int> ToTheoryData(IEnumerable<(int Threshold, int Shares)> configurations)
    {
        var data = new TheoryData<int, int>();
        foreach (var (threshold, shares) in configurations)
        {
            data.Add(threshold, shares);
        }

        return data;
    }

    private static byte[][] Select(byte[][] parts, int[] indexes) => indexes.Select(i => parts[i]).ToArray();

    /// <summary>Every size-<paramref name="size"/> subset of 0..count-1, in lexicographic order.</summary>
    private static IEnumerable<int[]> Subsets(int count, int size)
    {
        var current = new int[size];
        for (int i = 0; i < size; i++)
        {
            current[i] = i;
        }

        while (true)
        {
            yield return (int[])current.Clone();

            // Advance the rightmost index that still has room, then reset the ones after it.
            int position = size - 1;
            while (position >= 0 && current[position] == count - size + position)
            {
                position--;
            }

            if (position < 0)
            {
                yield break;
            }

            current[position]++;
            for (int i = position + 1; i < size; i++)
            {
                current[i] = current[i - 1] + 1;
            }
        }
    }
}
