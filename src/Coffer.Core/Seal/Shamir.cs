using System.Security.Cryptography;

namespace Coffer.Core.Seal;

/// <summary>
/// Shamir secret sharing over GF(2^8), byte-compatible with HashiCorp Vault's unseal key shares:
/// every byte of the secret is the constant term of its own random polynomial, and each part is
/// that set of polynomials evaluated at one x coordinate, with the x coordinate appended as the
/// final byte.
/// </summary>
public static class Shamir
{
    /// <summary>Every part needs its own non-zero x coordinate, and a byte has 255 of them.</summary>
    public const int MaxShares = 255;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="shares"/> parts, any
    /// <paramref name="threshold"/> of which rebuild it with <see cref="Combine"/>.
    /// </summary>
    /// <remarks>
    /// One share with threshold one is the secret itself (no x coordinate appended), which is what
    /// Vault hands out in that configuration; a polynomial of degree zero would protect nothing.
    /// </remarks>
    /// <returns>The parts, each <c>secret.Length + 1</c> bytes long, in random x order.</returns>
    public static byte[][] Split(ReadOnlySpan<byte> secret, int shares, int threshold)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("Cannot split an empty secret.", nameof(secret));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(shares, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shares, MaxShares);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, shares);
        if (shares >= 2 && threshold < 2)
        {
            // A threshold of one would make every share a plain copy of the secret.
            throw new ArgumentOutOfRangeException(
                nameof(threshold), threshold, "The threshold must be at least 2 when there is more than one share.");
        }

        if (shares == 1)
        {
            return [secret.ToArray()];
        }

        // A random subset of the x coordinates in random order, so a part's position or x value says
        // nothing about which other parts exist.
        Span<byte> xCoordinates = stackalloc byte[MaxShares];
        for (int i = 0; i < MaxShares; i++)
        {
            xCoordinates[i] = (byte)(i + 1);
        }

        RandomNumberGenerator.Shuffle(xCoordinates);
        xCoordinates = xCoordinates[..shares];

        var parts = new byte[shares][];
        for (int i = 0; i < shares; i++)
        {
            parts[i] = new byte[secret.Length + 1];
            parts[i][secret.Length] = xCoordinates[i];
        }

        int degree = threshold - 1;

        // The coefficients are as sensitive as the secret: pinned so the GC cannot leave stray copies
        // behind when compacting, and wiped before returning.
        byte[] coefficients = GC.AllocateUninitializedArray<byte>(secret.Length * degree, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(coefficients);
            for (int byteIndex = 0; byteIndex < secret.Length; byteIndex++)
            {
                ReadOnlySpan<byte> polynomial = coefficients.AsSpan(byteIndex * degree, degree);
                for (int i = 0; i < shares; i++)
                {
                    parts[i][byteIndex] = EvaluatePolynomial(secret[byteIndex], polynomial, xCoordinates[i]);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }

        return parts;
    }

    /// <summary>
    /// Rebuilds a secret from parts produced by <see cref="Split"/>. With fewer parts than the
    /// threshold the result is unrelated random-looking bytes, not an error: the parts carry no
    /// record of the threshold.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Fewer than two parts, a part shorter than two bytes, parts of unequal length, or a zero or
    /// duplicate x coordinate.
    /// </exception>
    public static byte[] Combine(IReadOnlyList<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count < 2)
        {
            throw new ArgumentException("At least two parts are needed to rebuild a secret.", nameof(parts));
        }

        int partLength = ValidatePartsAndGetLength(parts);
        int xIndex = partLength - 1;

        // The Lagrange basis polynomials evaluated at x = 0 depend only on the (public) x
        // coordinates, so they are computed once and reused for every byte of the secret.
        Span<byte> weights = stackalloc byte[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            byte xi = parts[i][xIndex];
            byte numerator = 1;
            byte denominator = 1;
            for (int j = 0; j < parts.Count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                byte xj = parts[j][xIndex];
                numerator = GaloisField256.Multiply(numerator, xj);
                denominator = GaloisField256.Multiply(denominator, GaloisField256.Add(xj, xi));
            }

            weights[i] = GaloisField256.Divide(numerator, denominator);
        }

        var secret = new byte[xIndex];
        for (int byteIndex = 0; byteIndex < secret.Length; byteIndex++)
        {
            byte value = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                value ^= GaloisField256.Multiply(parts[i][byteIndex], weights[i]);
            }

            secret[byteIndex] = value;
        }

        return secret;
    }

    /// <summary>Horner's rule, with <paramref name="intercept"/> as the constant term.</summary>
    private static byte EvaluatePolynomial(byte intercept, ReadOnlySpan<byte> higherCoefficients, byte x)
    {
        byte value = 0;
        for (int k = higherCoefficients.Length - 1; k >= 0; k--)
        {
            value = GaloisField256.Add(GaloisField256.Multiply(value, x), higherCoefficients[k]);
        }

        return GaloisField256.Add(GaloisField256.Multiply(value, x), intercept);
    }

    private static int ValidatePartsAndGetLength(IReadOnlyList<byte[]> parts)
    {
        int partLength = -1;
        Span<bool> seenX = stackalloc bool[256];
        for (int i = 0; i < parts.Count; i++)
        {
            byte[]? part = parts[i];
            if (part is null)
            {
                throw new ArgumentException($"Part {i} is null.", nameof(parts));
            }

            if (part.Length < 2)
            {
                throw new ArgumentException("Parts must be at least two bytes long.", nameof(parts));
            }

            if (partLength == -1)
            {
                partLength = part.Length;
            }
            else if (part.Length != partLength)
            {
                throw new ArgumentException("All parts must be the same length.", nameof(parts));
            }

            byte x = part[^1];
            if (x == 0)
            {
                // x = 0 would be the secret itself; Split never produces it, so the part is corrupt.
                throw new ArgumentException($"Part {i} has x coordinate 0.", nameof(parts));
            }

            if (seenX[x])
            {
                throw new ArgumentException($"Duplicate part: x coordinate {x} appears more than once.", nameof(parts));
            }

            seenX[x] = true;
        }

        return partLength;
    }
}
