namespace Coffer.Bench.Workloads;

/// <summary>
/// The secret value written by the tests: printable ASCII, so its length in characters equals
/// its size in bytes and it needs no JSON escaping. Seeded, so every run writes the same data.
/// </summary>
public static class Payload
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Text(int bytes)
    {
        var random = new Random(1234);
        return string.Create(bytes, random, static (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[rng.Next(Alphabet.Length)];
            }
        });
    }
}
