namespace Coffer.Core.Telemetry;

/// <summary>
/// The labels identifying one series of a metric: validated, sorted by key, immutable, with the
/// hash precomputed. Two label lists holding the same pairs in any order are the same set.
/// </summary>
internal sealed class LabelSet : IComparable<LabelSet>
{
    public static readonly LabelSet Empty = new([]);

    private readonly (string Key, string Value)[] _pairs;

    private LabelSet((string Key, string Value)[] sortedPairs)
    {
        _pairs = sortedPairs;
        Hash = ComputeHash(sortedPairs);
    }

    /// <summary>Sorted by key (ordinal), so rendering is deterministic.</summary>
    public ReadOnlySpan<(string Key, string Value)> Pairs => _pairs;

    public int Hash { get; }

    /// <summary>
    /// Builds a set from caller-supplied labels. Only runs the first time a label combination is seen,
    /// so it may allocate and validate freely.
    /// </summary>
    /// <exception cref="ArgumentException">A label name is not a valid Prometheus label name, a value is null, or a name repeats.</exception>
    public static LabelSet Create(ReadOnlySpan<(string Key, string Value)> labels)
    {
        if (labels.IsEmpty)
        {
            return Empty;
        }

        var pairs = labels.ToArray();
        foreach (var (key, value) in pairs)
        {
            if (!PrometheusText.IsValidLabelName(key))
            {
                // Label names are chosen by developers, so an invalid one is a bug to surface rather
                // than something to rewrite: rewriting could merge two distinct names into one.
                throw new ArgumentException($"'{key}' is not a valid label name; use [a-zA-Z_][a-zA-Z0-9_]*.", nameof(labels));
            }

            if (value is null)
            {
                throw new ArgumentException($"Label '{key}' has a null value.", nameof(labels));
            }
        }

        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (int i = 1; i < pairs.Length; i++)
        {
            if (pairs[i].Key == pairs[i - 1].Key)
            {
                throw new ArgumentException($"Label '{pairs[i].Key}' is given more than once.", nameof(labels));
            }
        }

        return new LabelSet(pairs);
    }

    /// <summary>
    /// Order-independent hash (a sum of per-pair hashes), so labels can be looked up in whatever order
    /// the caller passes them without sorting or allocating first.
    /// </summary>
    public static int ComputeHash(ReadOnlySpan<(string Key, string Value)> labels)
    {
        int hash = labels.Length;
        foreach (var (key, value) in labels)
        {
            hash = unchecked(hash + HashCode.Combine(key, value));
        }

        return hash;
    }

    /// <summary>
    /// True when <paramref name="labels"/> holds exactly these pairs in any order. Because this set's
    /// keys are distinct, equal lengths plus every pair here being present there is enough: a list
    /// with a repeat could not also contain every distinct pair.
    /// </summary>
    public bool Matches(ReadOnlySpan<(string Key, string Value)> labels)
    {
        if (labels.Length != _pairs.Length)
        {
            return false;
        }

        foreach (var (key, value) in _pairs)
        {
            if (!Contains(labels, key, value))
            {
                return false;
            }
        }

        return true;
    }

    public bool ContainsKey(string key)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    public int CompareTo(LabelSet? other)
    {
        if (other is null)
        {
            return 1;
        }

        int shared = Math.Min(_pairs.Length, other._pairs.Length);
        for (int i = 0; i < shared; i++)
        {
            int byKey = string.CompareOrdinal(_pairs[i].Key, other._pairs[i].Key);
            if (byKey != 0)
            {
                return byKey;
            }

            int byValue = string.CompareOrdinal(_pairs[i].Value, other._pairs[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return _pairs.Length.CompareTo(other._pairs.Length);
    }

    private static bool Contains(ReadOnlySpan<(string Key, string Value)> labels, string key, string value)
    {
        // Linear: label lists are a handful of entries, where this beats any hashing.
        foreach (var pair in labels)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal) && string.Equals(pair.Value, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
