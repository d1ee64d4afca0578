namespace Coffer.Core.Telemetry;

/// <summary>
/// Lets a dictionary keyed by <see cref="LabelSet"/> be searched with the caller's raw label span, so
/// recording a value for an existing series allocates nothing: no key object, no sorted copy.
/// </summary>
internal sealed class LabelSetComparer :
    IEqualityComparer<LabelSet>,
    IAlternateEqualityComparer<ReadOnlySpan<(string Key, string Value)>, LabelSet>
{
    public static readonly LabelSetComparer Instance = new();

    private LabelSetComparer()
    {
    }

    public bool Equals(LabelSet? x, LabelSet? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        return x is not null && y is not null && x.Hash == y.Hash && x.Matches(y.Pairs);
    }

    public int GetHashCode(LabelSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<(string Key, string Value)> alternate, LabelSet other) => other.Matches(alternate);

    public int GetHashCode(ReadOnlySpan<(string Key, string Value)> alternate) => LabelSet.ComputeHash(alternate);

    public LabelSet Create(ReadOnlySpan<(string Key, string Value)> alternate) => LabelSet.Create(alternate);
}
